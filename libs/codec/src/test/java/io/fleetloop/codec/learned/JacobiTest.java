package io.fleetloop.codec.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JacobiTest {

  @Test
  void eigenvectorsAreOrthonormalSortedAndDiagonalize() {
    int n = 11;
    SplittableRandom r = new SplittableRandom(9);
    double[][] b = new double[n][n];
    for (double[] row : b) {
      for (int j = 0; j < n; j++) {
        row[j] = r.nextGaussian();
      }
    }
    double[][] a = new double[n][n]; // a = bᵀb, symmetric positive semi-definite
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          a[i][j] += b[k][i] * b[k][j];
        }
      }
    }
    double[][] v = Jacobi.eigenvectors(a);
    double previous = Double.POSITIVE_INFINITY;
    for (int p = 0; p < n; p++) {
      for (int q = 0; q < n; q++) {
        assertThat(dot(v[p], v[q])).isCloseTo(p == q ? 1 : 0, within(1e-9));
      }
      double[] av = multiply(a, v[p]);
      double lambda = dot(v[p], av);
      for (int i = 0; i < n; i++) {
        assertThat(av[i]).isCloseTo(lambda * v[p][i], within(1e-8));
      }
      assertThat(lambda).isLessThanOrEqualTo(previous);
      previous = lambda;
    }
  }

  private static double dot(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  private static double[] multiply(double[][] a, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = dot(a[i], x);
    }
    return y;
  }
}

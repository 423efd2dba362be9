package io.fleetloop.codec.learned;

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: deterministic, exact
 * to double precision, and fast for the 11 × 11 covariance the codec trainer needs.
 */
final class Jacobi {
  private static final int MAX_SWEEPS = 100;

  private Jacobi() {}

  /**
   * The unit eigenvectors of symmetric {@code a} as rows, ordered by decreasing eigenvalue, each
   * with its largest component positive (a canonical sign, so results are reproducible).
   */
  static double[][] eigenvectors(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += m[p][q] * m[p][q];
        }
      }
      if (off < 1e-30) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (Math.abs(m[p][q]) < 1e-300) {
            continue;
          }
          double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
          }
          for (int k = 0; k < n; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(m[y][y], m[x][x]));
    double[][] rows = new double[n][n];
    for (int r = 0; r < n; r++) {
      int col = order[r];
      int big = 0;
      for (int k = 1; k < n; k++) {
        if (Math.abs(v[k][col]) > Math.abs(v[big][col])) {
          big = k;
        }
      }
      double sign = v[big][col] < 0 ? -1 : 1;
      for (int k = 0; k < n; k++) {
        rows[r][k] = sign * v[k][col];
      }
    }
    return rows;
  }
}

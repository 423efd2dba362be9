package io.fleetloop.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RateChartTest {

  private static final List<RateChart.Point> FALLING =
      List.of(
          new RateChart.Point(0, 5001.8, 4963.8, 5040.0),
          new RateChart.Point(1, 820.0, 790.0, 851.0),
          new RateChart.Point(2, 57.2, 53.1, 61.4));

  @Test
  void aFallingRateIsALineGoingDownTheLogAxis() throws Exception {
    Document svg = parse(RateChart.builder("Heartbeat").series("all", FALLING).svg());

    Element series = seriesNamed(svg, "all");
    List<double[]> points = polyline(series);
    assertThat(points).hasSize(3);
    // SVG y grows downwards: a falling rate has a growing y, and x follows the generations
    assertThat(points.get(0)[1]).isLessThan(points.get(1)[1]);
    assertThat(points.get(1)[1]).isLessThan(points.get(2)[1]);
    assertThat(points.get(0)[0]).isLessThan(points.get(1)[0]);
    // on a log axis equal ratios are equal distances: 5001.8/820 = 6.1 and 820/57.2 = 14.3
    double first = points.get(1)[1] - points.get(0)[1];
    double second = points.get(2)[1] - points.get(1)[1];
    assertThat(second / first).isCloseTo(Math.log(14.34) / Math.log(6.10), within(0.02));
    // one marker with a tooltip per point, with its interval
    NodeList circles = series.getElementsByTagName("circle");
    assertThat(circles.getLength()).isEqualTo(3);
    assertThat(circles.item(2).getTextContent()).contains("all, generation 2: 57.2 [53.1, 61.4]");
    // decade ticks cover every value: 10 .. 10,000
    assertThat(svg.getDocumentElement().getTextContent()).contains("10,000").contains("10");
  }

  @Test
  void pointsWithoutExposureAreLeftOutAndZeroSitsOnTheBottomEdge() throws Exception {
    Document svg =
        parse(
            RateChart.builder("Rare")
                .series("all", FALLING)
                .series(
                    "weather=fog",
                    List.of(
                        new RateChart.Point(0, 900, 700, 1100),
                        new RateChart.Point(1, Double.NaN, Double.NaN, Double.NaN),
                        new RateChart.Point(2, 0, 0, 120)))
                .svg());

    Element fog = seriesNamed(svg, "weather=fog");
    assertThat(fog.getElementsByTagName("circle").getLength()).isEqualTo(2);
    Element zero = (Element) fog.getElementsByTagName("circle").item(1);
    assertThat(zero.getAttribute("fill")).isEqualTo("white");
    assertThat(Double.parseDouble(zero.getAttribute("cy")))
        .isEqualTo(RateChart.HEIGHT - 70.0, within(0.01));
    assertThat(polyline(fog)).hasSize(2);
  }

  @Test
  void notesAreWrittenUnderTheirGenerationAndTextIsEscaped() throws Exception {
    String text =
        RateChart.builder("A <b> & \"c\"")
            .series("all", FALLING)
            .note(1, "gen-1-poisoned rolled back at 10%")
            .svg();
    Document svg = parse(text);

    assertThat(text).contains("A &lt;b&gt; &amp; &quot;c&quot;");
    List<String> notes = new ArrayList<>();
    NodeList texts = svg.getElementsByTagName("text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element t = (Element) texts.item(i);
      if ("note".equals(t.getAttribute("class"))) {
        notes.add(t.getTextContent());
      }
    }
    assertThat(notes).containsExactly("gen-1-poisoned rolled back at 10%");
  }

  @Test
  void aChartWithNothingDrivenSaysSo() throws Exception {
    Document svg =
        parse(
            RateChart.builder("Empty")
                .series("all", List.of(new RateChart.Point(0, Double.NaN, Double.NaN, Double.NaN)))
                .svg());
    assertThat(svg.getDocumentElement().getTextContent()).contains("no exposure yet");
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static Element seriesNamed(Document svg, String name) {
    NodeList groups = svg.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if ("series".equals(g.getAttribute("class")) && name.equals(g.getAttribute("data-name"))) {
        return g;
      }
    }
    throw new AssertionError("no series " + name);
  }

  private static List<double[]> polyline(Element series) {
    NodeList lines = series.getElementsByTagName("polyline");
    assertThat(lines.getLength()).isEqualTo(1);
    List<double[]> out = new ArrayList<>();
    for (String xy : ((Element) lines.item(0)).getAttribute("points").split(" ")) {
      String[] parts = xy.split(",");
      out.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])});
    }
    return out;
  }
}

package io.fleetloop.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.Test;

class S3ClientsTest {

  @Test
  void theHttpClientAllowsTheRequestedConcurrencyPerHost() {
    OkHttpClient http = S3Clients.httpClient(48);
    assertThat(http.dispatcher().getMaxRequestsPerHost()).isEqualTo(48);
    assertThat(http.dispatcher().getMaxRequests()).isEqualTo(48);
    assertThat(http.protocols()).containsExactly(Protocol.HTTP_1_1);
  }

  @Test
  void socketsAreCreatedWithNagleOff() throws Exception {
    try (Socket s = S3Clients.httpClient(4).socketFactory().createSocket()) {
      assertThat(s.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void aConcurrencyBelowOneIsRefused() {
    assertThatThrownBy(() -> S3Clients.httpClient(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrent");
  }
}

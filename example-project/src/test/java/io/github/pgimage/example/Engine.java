package io.github.pgimage.example;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The Docker engine the tests run containers on (DOCKER_HOST, else the default socket) and the
 * image under test (system property {@code pgimage.it.image}, set by the pom).
 */
final class Engine {

  static final String IMAGE = System.getProperty("pgimage.it.image", "pgimage-example:0.1.0-SNAPSHOT");

  private static final DockerClientConfig CONFIG = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
  private static final DockerHttpClient HTTP = new ApacheDockerHttpClient.Builder()
      .dockerHost(CONFIG.getDockerHost())
      .sslConfig(CONFIG.getSSLConfig())
      .maxConnections(32)
      .connectionTimeout(Duration.ofSeconds(30))
      .responseTimeout(Duration.ofMinutes(2))
      .build();
  static final DockerClient DOCKER = DockerClientImpl.getInstance(CONFIG, HTTP);

  private Engine() {}

  /** Where ports published on the engine's loopback are reached from the tests. */
  static String publishedHost() {
    URI host = CONFIG.getDockerHost();
    return "tcp".equals(host.getScheme()) ? host.getHost() : "127.0.0.1";
  }

  /** A raw Engine API GET, for endpoints docker-java has no command for (image history). */
  static String get(String path) {
    DockerHttpClient.Request request = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET).path(path).build();
    try (DockerHttpClient.Response response = HTTP.execute(request);
         InputStream body = response.getBody()) {
      String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      if (response.getStatusCode() != 200) {
        throw new IllegalStateException("GET " + path + " -> " + response.getStatusCode() + ": " + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  /** A unique name for containers, volumes and networks of one test run. */
  static String uniqueName(String purpose) {
    return "pgimage-it-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A named volume, removed when closed. */
  static final class NamedVolume implements AutoCloseable {
    final String name;

    NamedVolume(String purpose) {
      this.name = DOCKER.createVolumeCmd().withName(uniqueName(purpose)).exec().getName();
    }

    @Override
    public void close() {
      DOCKER.removeVolumeCmd(name).exec();
    }
  }

  /** A user-defined bridge network (containers resolve each other by alias), removed when closed. */
  static final class Network implements AutoCloseable {
    final String name;

    Network(String purpose) {
      this.name = uniqueName(purpose);
      DOCKER.createNetworkCmd().withName(name).withDriver("bridge").exec();
    }

    @Override
    public void close() {
      DOCKER.removeNetworkCmd(name).exec();
    }
  }
}

package io.github.pgimage.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * With a DCS address in PATRONI_* the entrypoint renders Patroni's configuration from config/ and
 * the environment and runs Patroni. The DCS here is a plain TCP listener (no etcd in the image):
 * Patroni's validator only needs the address to resolve and accept connections.
 */
class PatroniIT {

  static final String CONFIG = "/var/run/postgresql/patroni.yml";

  @Test
  void rendersAValidConfigAndRunsPatroni() {
    try (Engine.Network network = new Engine.Network("patroni");
         PgContainer dcs = PgContainer.builder().network(network, "etcd")
             .cmd("python3", "-m", "http.server", "2379").start();
         PgContainer node = PgContainer.builder().network(network, "node1")
             .env("PATRONI_ETCD3_HOSTS", "etcd:2379")
             .env("PATRONI_SCOPE", "demo")
             .env("PATRONI_NAME", "node1")
             .env("POSTGRES_USER", "admin")
             .env("POSTGRES_PASSWORD_FILE", "/run/secrets/superuser")
             .env("PATRONI_REPLICATION_PASSWORD_FILE", "/run/secrets/replication")
             .file(PgContainer.File.of("/run/secrets/superuser", TestSecrets.SUPERUSER_PASSWORD, 0400))
             .file(PgContainer.File.of("/run/secrets/replication", TestSecrets.REPLICATION_PASSWORD, 0400))
             .start()) {
      String rendered = awaitFile(node, CONFIG);

      assertTrue(rendered.contains("scope: demo"), rendered);
      assertTrue(rendered.contains("name: node1"), rendered);
      assertTrue(rendered.contains("etcd3:\n  hosts:\n  - etcd:2379"), rendered);
      assertTrue(rendered.contains("data_dir: /var/lib/postgresql/data/pgdata"), rendered);
      assertTrue(rendered.contains("superuser:\n      username: admin"), rendered);
      for (String secret : TestSecrets.ALL) {
        assertFalse(rendered.contains(secret), "a password was written to " + CONFIG);
      }
      assertEquals("600", node.run("stat", "-c", "%a", CONFIG).strip());

      // Validate the file on its own: no PATRONI_* from the environment may fill gaps.
      PgContainer.ExecResult validation = node.exec("env", "-i",
          "PATH=/usr/lib/postgresql/15/bin:/usr/bin:/bin", "patroni", "--validate-config", CONFIG);
      assertEquals(0, validation.exitCode(), validation.stdout() + validation.stderr());

      String pid1 = node.run("cat", "/proc/1/cmdline").replace('\0', ' ');
      assertTrue(pid1.contains("/usr/bin/patroni " + CONFIG), pid1);
      assertTrue(node.logs().contains("starting: patroni"), node.logs());
    }
  }

  @Test
  void refusesToStartWithoutReplicationPassword() {
    try (PgContainer node = PgContainer.builder()
        .env("PATRONI_ETCD3_HOSTS", "etcd:2379")
        .env("POSTGRES_PASSWORD", TestSecrets.SUPERUSER_PASSWORD)
        .start()) {
      assertEquals(1, node.awaitExit(Duration.ofSeconds(30)));
      assertTrue(node.logs().contains("Patroni mode needs PATRONI_REPLICATION_PASSWORD"), node.logs());
    }
  }

  private static String awaitFile(PgContainer c, String path) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      PgContainer.ExecResult cat = c.exec("cat", path);
      if (cat.exitCode() == 0 && !cat.stdout().isEmpty()) {
        return cat.stdout();
      }
      if (!c.isRunning()) {
        throw new AssertionError("container exited\n" + c.logs());
      }
      PgContainer.sleep(250);
    }
    throw new AssertionError(path + " was not rendered within 60 s\n" + c.logs());
  }
}

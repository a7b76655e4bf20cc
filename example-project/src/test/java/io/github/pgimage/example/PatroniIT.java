package io.github.pgimage.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * With a DCS address in PATRONI_* the entrypoint renders Patroni's configuration from config/ and
 * the environment and runs Patroni: against etcd3 (here a plain TCP listener: no etcd in the image,
 * and Patroni's validator only needs the address to resolve and accept connections), and end to
 * end with Patroni's built-in Raft, where Patroni really bootstraps and serves a cluster.
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
      assertTrue(pid1.startsWith("dumb-init "), "dumb-init supervises Patroni: " + pid1);
      String processes = node.run("bash", "-c",
          "for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$f\"; echo; done");
      assertTrue(processes.contains("/usr/bin/patroni " + CONFIG), processes);
      assertTrue(node.logs().contains("starting: dumb-init --single-child --rewrite 2:15 patroni"), node.logs());
    }
  }

  @Test
  void bootstrapsAndServesAClusterWithRaftAndStopsCleanly() throws Exception {
    String password = TestSecrets.SUPERUSER_PASSWORD;
    try (Engine.Network network = new Engine.Network("raft");
         Engine.NamedVolume volume = new Engine.NamedVolume("raft");
         PgContainer node = PgContainer.builder().network(network, "member1").volume(volume)
             .env("PATRONI_RAFT_SELF_ADDR", "member1:2222")
             .env("PATRONI_SCOPE", "raft-demo")
             .env("PATRONI_NAME", "member1")
             .env("POSTGRES_USER", "admin")
             .env("POSTGRES_PASSWORD_FILE", "/run/secrets/superuser")
             .env("PATRONI_REPLICATION_PASSWORD_FILE", "/run/secrets/replication")
             .file(PgContainer.File.of("/run/secrets/superuser", password, 0400))
             .file(PgContainer.File.of("/run/secrets/replication", TestSecrets.REPLICATION_PASSWORD, 0400))
             .start()
             .awaitReady("admin", password, "postgres")) {
      try (Connection c = node.connect("admin", password, "postgres"); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), current_setting('data_checksums')")) {
        assertTrue(rs.next());
        assertFalse(rs.getBoolean(1), "the only member is the primary");
        assertEquals("on", rs.getString(2), "bootstrapped with config/patroni's initdb options");
      }
      // PostgreSQL answers a moment before Patroni's API reports the member as running: poll, bounded.
      String api = "";
      for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline; ) {
        PgContainer.ExecResult answer = node.exec("python3", "-c",
            "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:8008/patroni').read().decode())");
        api = answer.stdout() + answer.stderr();
        if (answer.exitCode() == 0 && api.contains("\"state\": \"running\"")) {
          break;
        }
        Thread.sleep(500);
      }
      assertTrue(api.contains("\"state\": \"running\""), api);
      assertTrue(api.contains("\"scope\": \"raft-demo\""), api);
      // Raft's journal lives in the data volume, next to PGDATA.
      assertEquals(0, node.exec("test", "-d", "/var/lib/postgresql/data/raft").exitCode());

      long status = node.stop(Duration.ofSeconds(30));
      String logs = node.logs();
      assertEquals(0, status, "exit status after docker stop (137 would mean SIGKILL)\n" + logs);
      assertTrue(logs.contains("database system is shut down"), logs);
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

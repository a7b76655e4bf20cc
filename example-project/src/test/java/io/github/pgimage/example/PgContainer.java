package io.github.pgimage.example;

import static io.github.pgimage.example.Engine.DOCKER;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** One container of the image under test, driven through the Engine API; removed on close. */
final class PgContainer implements AutoCloseable {

  static final String DATA_VOLUME = "/var/lib/postgresql/data";
  private static final ExposedPort PG_PORT = ExposedPort.tcp(5432);

  /** A file put into the container before it starts (secrets, init scripts). */
  record File(String path, byte[] content, int mode, int uid) {
    static File of(String path, String content, int mode) {
      return new File(path, content.getBytes(StandardCharsets.UTF_8), mode, 999);
    }
  }

  /** What a command run with {@code docker exec} produced. */
  record ExecResult(long exitCode, String stdout, String stderr) {}

  static final class Builder {
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<File> files = new ArrayList<>();
    private List<String> cmd;
    private String user;
    private String volume;
    private String network;
    private String alias;
    private String image = Engine.IMAGE;
    private boolean readOnly;
    private final List<String> tmpfs = new ArrayList<>();

    Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    Builder cmd(String... args) {
      cmd = List.of(args);
      return this;
    }

    Builder user(String user) {
      this.user = user;
      return this;
    }

    Builder volume(Engine.NamedVolume volume) {
      this.volume = volume.name;
      return this;
    }

    Builder network(Engine.Network network, String alias) {
      this.network = network.name;
      this.alias = alias;
      return this;
    }

    /** `--read-only`: the root filesystem cannot be written; only volumes and tmpfs mounts can. */
    Builder readOnly() {
      readOnly = true;
      return this;
    }

    /** `--tmpfs PATH`: an empty in-memory directory, writable by any uid (mode 1777). */
    Builder tmpfs(String path) {
      tmpfs.add(path);
      return this;
    }

    Builder file(File file) {
      files.add(file);
      return this;
    }

    /** Creates the container, copies the files in and starts it. */
    PgContainer start() {
      HostConfig host = HostConfig.newHostConfig()
          .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), PG_PORT));
      if (volume != null) {
        host.withBinds(new Bind(volume, new Volume(DATA_VOLUME)));
      }
      if (network != null) {
        host.withNetworkMode(network);
      }
      if (readOnly) {
        host.withReadonlyRootfs(true);
      }
      if (!tmpfs.isEmpty()) {
        Map<String, String> mounts = new LinkedHashMap<>();
        tmpfs.forEach(path -> mounts.put(path, "rw,mode=1777"));
        host.withTmpFs(mounts);
      }
      CreateContainerCmd create = DOCKER.createContainerCmd(image)
          .withName(Engine.uniqueName("pg"))
          .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
          .withExposedPorts(PG_PORT)
          .withHostConfig(host);
      if (cmd != null) {
        create.withCmd(cmd);
      }
      if (user != null) {
        create.withUser(user);
      }
      if (alias != null) {
        create.withAliases(alias);
      }
      PgContainer container = new PgContainer(create.exec().getId());
      try {
        if (!files.isEmpty()) {
          DOCKER.copyArchiveToContainerCmd(container.id)
              .withTarInputStream(new ByteArrayInputStream(tar(files)))
              .withRemotePath("/")
              .exec();
        }
        DOCKER.startContainerCmd(container.id).exec();
        return container;
      } catch (RuntimeException e) {
        container.close();
        throw e;
      }
    }
  }

  static Builder builder() {
    return new Builder();
  }

  final String id;

  private PgContainer(String id) {
    this.id = id;
  }

  InspectContainerResponse inspect() {
    return DOCKER.inspectContainerCmd(id).exec();
  }

  boolean isRunning() {
    return Boolean.TRUE.equals(inspect().getState().getRunning());
  }

  int hostPort() {
    Ports.Binding[] bindings = inspect().getNetworkSettings().getPorts().getBindings().get(PG_PORT);
    if (bindings == null || bindings.length == 0) {
      throw new IllegalStateException("port 5432 is not published (container stopped?)\n" + logs());
    }
    return Integer.parseInt(bindings[0].getHostPortSpec());
  }

  Connection connect(String user, String password, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "5");
    String url = "jdbc:postgresql://" + Engine.publishedHost() + ":" + hostPort() + "/" + Engine.encode(database);
    return DriverManager.getConnection(url, props);
  }

  /**
   * Waits until the final server accepts this login over TCP. The first-start server listens on
   * the Unix socket only, so a successful TCP login means initialisation is over.
   */
  PgContainer awaitReady(String user, String password, String database) {
    try {
      return pollUntilReady(user, password, database);
    } catch (RuntimeException | AssertionError e) {
      // The caller's try-with-resources never sees this container: remove it here.
      close();
      throw e;
    }
  }

  private PgContainer pollUntilReady(String user, String password, String database) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    SQLException last = null;
    while (Instant.now().isBefore(deadline)) {
      if (!isRunning()) {
        throw new AssertionError("container exited with " + inspect().getState().getExitCodeLong() + "\n" + logs());
      }
      try (Connection ignored = connect(user, password, database)) {
        return this;
      } catch (SQLException e) {
        last = e;
      }
      sleep(250);
    }
    throw new AssertionError("server did not accept connections within 90 s: " + last + "\n" + logs(), last);
  }

  /** Docker's health status of the container: {@code starting}, {@code healthy} or {@code unhealthy}. */
  String health() {
    var health = inspect().getState().getHealth();
    return health == null ? "none" : health.getStatus();
  }

  /** Waits until Docker reports the container healthy; fails with the health log when it turns unhealthy. */
  void awaitHealthy(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      String status = health();
      if (status.equals("healthy")) {
        return;
      }
      if (status.equals("unhealthy") || !isRunning()) {
        break;
      }
      sleep(500);
    }
    var health = inspect().getState().getHealth();
    StringBuilder probes = new StringBuilder();
    if (health != null && health.getLog() != null) {
      health.getLog().forEach(p -> probes.append("  exit ").append(p.getExitCodeLong()).append(": ")
          .append(p.getOutput()).append('\n'));
    }
    throw new AssertionError("container is " + health() + ", not healthy, after " + timeout.toSeconds()
        + " s; health checks:\n" + probes + "log:\n" + logs());
  }

  /** Waits for the container to exit by itself and returns its status. */
  long awaitExit(Duration timeout) {
    return DOCKER.waitContainerCmd(id).start().awaitStatusCode(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  /** `docker stop`: the image's stop signal, then SIGKILL after the timeout. */
  long stop(Duration timeout) {
    DOCKER.stopContainerCmd(id).withTimeout((int) timeout.toSeconds()).exec();
    return inspect().getState().getExitCodeLong();
  }

  String logs() {
    StringBuilder out = new StringBuilder();
    try {
      DOCKER.logContainerCmd(id).withStdOut(true).withStdErr(true)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          })
          .awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out.toString();
  }

  /** Runs a command in the running container (as the image's user unless one is given). */
  ExecResult exec(String... command) {
    return execAs(null, command);
  }

  ExecResult execAs(String user, String... command) {
    var create = DOCKER.execCreateCmd(id).withCmd(command).withAttachStdout(true).withAttachStderr(true);
    if (user != null) {
      create.withUser(user);
    }
    String execId = create.exec().getId();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      DOCKER.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame frame) {
          (frame.getStreamType() == com.github.dockerjava.api.model.StreamType.STDERR ? stderr : stdout)
              .writeBytes(frame.getPayload());
        }
      }).awaitCompletion(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new ExecResult(DOCKER.inspectExecCmd(execId).exec().getExitCodeLong(),
        stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
  }

  /** Stdout of a command that must succeed. */
  String run(String... command) {
    ExecResult result = exec(command);
    if (result.exitCode() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.stderr());
    }
    return result.stdout();
  }

  @Override
  public void close() {
    try {
      DOCKER.stopContainerCmd(id).withTimeout(10).exec();
    } catch (NotModifiedException alreadyStopped) {
      // nothing to stop
    } catch (RuntimeException e) {
      // removal below forces it
    }
    DOCKER.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
  }

  private static byte[] tar(List<File> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (File file : files) {
        TarArchiveEntry entry = new TarArchiveEntry(file.path().replaceFirst("^/", ""));
        entry.setSize(file.content().length);
        entry.setMode(file.mode());
        entry.setUserId(file.uid());
        entry.setGroupId(file.uid());
        tar.putArchiveEntry(entry);
        tar.write(file.content());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

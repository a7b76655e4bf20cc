package io.github.pgimage.example;

import java.util.List;

/** Every password the tests give the image; none may ever show up in the image itself. */
final class TestSecrets {
  static final String SUPERUSER_PASSWORD = "s3cret pass w0rd";
  static final String FILE_PASSWORD = "from-a-file Pa55";
  static final String REPLICATION_PASSWORD = "repl1cation-Secret";

  static final List<String> ALL = List.of(SUPERUSER_PASSWORD, FILE_PASSWORD, REPLICATION_PASSWORD);

  private TestSecrets() {}
}

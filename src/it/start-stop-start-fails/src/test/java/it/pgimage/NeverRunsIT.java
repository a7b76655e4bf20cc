package it.pgimage;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/** Must not run: the build fails in pre-integration-test. verify.groovy checks that no report exists. */
class NeverRunsIT {
    @Test
    void isNeverReached() {
        fail("start should have failed the build before the tests");
    }
}

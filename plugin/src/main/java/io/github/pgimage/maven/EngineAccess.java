package io.github.pgimage.maven;

import java.time.Duration;

import org.apache.maven.plugin.logging.Log;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.engine.Patience;
import io.github.pgimage.core.session.SecretMasker;

/**
 * How a goal finds the engine and waits for it: the engine locator of this process, whose endpoints give up after the
 * {@code answerTimeout} parameter and say in the goal's log, every 30 s, what they wait for. A class of its own, so
 * that goals which need no engine (dockerfile, context) do not load the engine's types with the Mojos' base class.
 */
final class EngineAccess {
    private EngineAccess() {
    }

    /**
     * @param answerTimeout the parameter's value, in seconds
     * @throws InvalidSettingException when it is not positive
     */
    static EngineLocator locator(int answerTimeout, Log log, SecretMasker masker) {
        if (answerTimeout < 1) {
            throw new InvalidSettingException(Setting.ANSWER_TIMEOUT, Integer.toString(answerTimeout),
                    "must be at least 1 (seconds), not " + answerTimeout);
        }
        return EngineLocator.forThisProcess().withPatience(new Patience(Duration.ofSeconds(answerTimeout),
                line -> log.info(masker.mask(line))));
    }
}

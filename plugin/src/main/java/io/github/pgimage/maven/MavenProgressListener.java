package io.github.pgimage.maven;

import org.apache.maven.plugin.logging.Log;

import io.github.pgimage.core.progress.ProgressEvent;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.session.SecretMasker;

/** Renders progress events into the Maven log ({@link ProgressText}), with every secret value masked. */
final class MavenProgressListener implements ProgressListener {

    private final Log log;
    private final SecretMasker masker;

    MavenProgressListener(Log log, SecretMasker masker) {
        this.log = log;
        this.masker = masker;
    }

    @Override
    public void on(ProgressEvent event) {
        switch (ProgressText.level(event)) {
            case DEBUG -> {
                if (log.isDebugEnabled()) {
                    log.debug(masker.mask(ProgressText.of(event)));
                }
            }
            case INFO -> log.info(masker.mask(ProgressText.of(event)));
            case WARN -> log.warn(masker.mask(ProgressText.of(event)));
            case ERROR -> log.error(masker.mask(ProgressText.of(event)));
        }
    }
}

/**
 * Build secrets and registry logins served to the engine over a BuildKit session.
 *
 * <p>Order of use, per build: {@link io.github.pgimage.core.session.SecretStore#load} (fails with
 * {@link io.github.pgimage.core.session.MissingSecretException} before anything reaches the engine),
 * {@link io.github.pgimage.core.session.BuildSession#open} in try-with-resources, the build with
 * {@code session=}{@link io.github.pgimage.core.session.BuildSession#id()}, and every logged line
 * (including failure messages) passed through {@link io.github.pgimage.core.session.SecretStore#masker()}.
 */
package io.github.pgimage.core.session;

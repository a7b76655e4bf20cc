package io.github.pgimage.core.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import io.github.pgimage.core.files.IoReason;

/**
 * The values of the declared build secrets, read once before the build starts, so that a missing
 * one fails the build before any step runs. Served to the engine over the {@link BuildSession} only.
 */
public final class SecretStore {
    /** BuildKit rejects larger secrets (secretsprovider.MaxSecretSize) only when the step runs; fail early instead. */
    static final int MAX_SECRET_BYTES = 500 * 1024;

    private final Map<String, byte[]> values;

    private SecretStore(Map<String, byte[]> values) {
        this.values = values;
    }

    public static SecretStore empty() {
        return new SecretStore(new LinkedHashMap<>());
    }

    /** Reads every source; environment variables come from this process's environment. */
    public static SecretStore load(List<SecretSource> sources) throws SecretException {
        return load(sources, System::getenv);
    }

    /**
     * @param environment looks up an environment variable (null when unset)
     * @throws MissingSecretException naming the first secret whose file or variable gives no value
     * @throws SecretException        two secrets share an id, or a value is larger than BuildKit accepts
     */
    public static SecretStore load(List<SecretSource> sources, Function<String, String> environment)
            throws SecretException {
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (SecretSource source : sources) {
            if (values.containsKey(source.id())) {
                throw new SecretException("Secret '" + source.id() + "' is declared twice; each id must be unique",
                        source.id());
            }
            byte[] value = source.file() != null ? readFile(source) : readEnv(source, environment);
            if (value.length == 0) {
                throw new MissingSecretException(source, "is empty", null);
            }
            if (value.length > MAX_SECRET_BYTES) {
                throw new SecretException("Secret '" + source.id() + "' from " + source.origin() + " has "
                        + value.length + " bytes; BuildKit accepts at most " + MAX_SECRET_BYTES, source.id());
            }
            values.put(source.id(), value);
        }
        return new SecretStore(values);
    }

    private static byte[] readFile(SecretSource source) throws MissingSecretException {
        try {
            return Files.readAllBytes(source.file());
        } catch (NoSuchFileException e) {
            throw new MissingSecretException(source, "does not exist", e);
        } catch (IOException e) {
            throw new MissingSecretException(source, "cannot be read (" + IoReason.of(e) + ")", e);
        }
    }

    private static byte[] readEnv(SecretSource source, Function<String, String> environment)
            throws MissingSecretException {
        String value = environment.apply(source.env());
        if (value == null) {
            throw new MissingSecretException(source, "is not set", null);
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public Set<String> ids() {
        return values.keySet();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** A copy of the value, or empty when no secret has this id. */
    public Optional<byte[]> get(String id) {
        byte[] value = values.get(id);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    /** A masker for every value in this store. */
    public SecretMasker masker() {
        return SecretMasker.of(values.values().stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList());
    }

    /** Overwrites the values in memory; the store answers nothing afterwards. */
    public void clear() {
        values.values().forEach(v -> Arrays.fill(v, (byte) 0));
        values.clear();
    }

    @Override
    public String toString() {
        return "SecretStore" + values.keySet(); // ids only, never values
    }
}

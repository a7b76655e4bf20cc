package io.github.pgimage.maven;

import java.util.ArrayList;
import java.util.List;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import io.github.pgimage.core.registry.SettingsServers;

/**
 * Reads settings.xml {@code <server>} entries and decrypts their passwords ({@code {…}} values, master password in
 * settings-security.xml) with Maven's own decrypter, so that the core gets plain values and no Maven types.
 */
final class SettingsRegistryServers {

    private SettingsRegistryServers() {
    }

    /** The passwords, for masking; they are never logged. */
    record Loaded(SettingsServers servers, List<String> passwords) {
    }

    /**
     * @throws MojoFailureException when a password cannot be decrypted (the message names the server, never a value)
     */
    static Loaded load(Settings settings, SettingsDecrypter decrypter) throws MojoFailureException {
        SettingsServers servers = new SettingsServers();
        List<String> passwords = new ArrayList<>();
        if (settings == null) {
            return new Loaded(servers, passwords);
        }
        for (Server server : settings.getServers()) {
            if (server.getUsername() == null || server.getPassword() == null) {
                continue;
            }
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem problem : result.getProblems()) {
                if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                    throw new MojoFailureException("settings.xml server '" + server.getId()
                            + "': its password cannot be decrypted: " + problem.getMessage()
                            + " (is the master password in ~/.m2/settings-security.xml, or -Dsettings.security=…?)");
                }
            }
            Server plain = result.getServer();
            servers.add(plain.getId(), plain.getUsername(), plain.getPassword());
            passwords.add(plain.getPassword());
        }
        return new Loaded(servers, passwords);
    }
}

package io.github.pgimage.core.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.pgimage.core.Setting;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.ProjectProblem;

/**
 * Checks the settings that end up inside the Dockerfile, so that a bad value is reported by the {@link Setting} at
 * fault (which the front end names as its users write it) instead of as a Dockerfile parse error from the engine.
 */
public final class SettingsValidator {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(/(tcp|udp|sctp))?");
    private static final Pattern SIGNAL = Pattern.compile("(SIG)?[A-Z][A-Z0-9+-]*|\\d{1,2}");
    private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern NO_SPACE = Pattern.compile("\\S+");

    public List<ProjectProblem> validate(ImageSettings settings) {
        List<ProjectProblem> problems = new ArrayList<>();
        if (!NO_SPACE.matcher(settings.baseImage()).matches()) {
            problems.add(ProjectProblem.of(Setting.BASE_IMAGE, "'" + settings.baseImage() + "' is not an image reference",
                    "set an image such as debian:bookworm-slim"));
        }
        if (!NO_SPACE.matcher(settings.runAsUser()).matches()) {
            problems.add(ProjectProblem.of(Setting.RUN_AS_USER, "'" + settings.runAsUser() + "' is not a user name or uid",
                    "set a user the setup scripts create, e.g. postgres"));
        }
        checkMap(problems, Setting.IMAGE_ENV, settings.env(), true);
        checkMap(problems, Setting.IMAGE_LABELS, settings.labels(), false);
        for (String name : settings.buildArgNames()) {
            if (!ENV_NAME.matcher(name).matches()) {
                problems.add(ProjectProblem.of(Setting.BUILD_ARGS, "'" + name + "' is not a valid build argument name",
                        "use letters, digits and '_', not starting with a digit"));
            }
        }
        for (String port : settings.exposedPorts()) {
            var m = PORT.matcher(port);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
                problems.add(ProjectProblem.of(Setting.EXPOSED_PORTS, "'" + port + "' is not a port",
                        "use a number from 1 to 65535, optionally with /tcp or /udp, e.g. 5432"));
            }
        }
        for (String volume : settings.volumes()) {
            if (!volume.startsWith("/") || volume.contains("\"") || volume.contains("\n")) {
                problems.add(ProjectProblem.of(Setting.IMAGE_VOLUMES, "'" + volume + "' is not an absolute path",
                        "use an absolute path such as /var/lib/postgresql/data"));
            }
        }
        if (!SIGNAL.matcher(settings.stopSignal()).matches()) {
            problems.add(ProjectProblem.of(Setting.STOP_SIGNAL, "'" + settings.stopSignal() + "' is not a signal",
                    "use a signal name such as SIGINT (PostgreSQL's fast shutdown) or SIGTERM"));
        }
        for (String id : settings.secretIds()) {
            if (!SECRET_ID.matcher(id).matches()) {
                problems.add(ProjectProblem.of(Setting.BUILD_SECRETS, "'" + id + "' is not a valid secret id",
                        "use letters, digits, '.', '_' and '-'; scripts read it as /run/secrets/ID"));
            }
        }
        return problems;
    }

    private static void checkMap(List<ProjectProblem> problems, Setting parameter, Map<String, String> map,
                                 boolean envNames) {
        for (Map.Entry<String, String> e : map.entrySet()) {
            String key = e.getKey();
            if (envNames ? !ENV_NAME.matcher(key).matches() : key.isBlank() || key.contains("\n")) {
                problems.add(ProjectProblem.of(parameter, "'" + key + "' is not a valid name",
                        envNames ? "use letters, digits and '_', not starting with a digit" : "use a non-empty single-line key"));
            }
            String value = e.getValue() == null ? "" : e.getValue();
            if (value.contains("\n") || value.contains("\r")) {
                problems.add(ProjectProblem.of(parameter, "the value of '" + key + "' spans several lines",
                        "put it on one line"));
            }
        }
    }
}

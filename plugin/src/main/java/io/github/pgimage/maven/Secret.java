package io.github.pgimage.maven;

import java.io.File;

/** {@code <secret><id/><file/>|<env/></secret>}: a value setup scripts read at /run/secrets/&lt;id&gt; during the build. */
public class Secret {

    /** Name under /run/secrets/ in setup steps. */
    private String id;

    /** File whose content is the secret. */
    private File file;

    /** Environment variable of the Maven process whose value is the secret. */
    private String env;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public File getFile() { return file; }
    public void setFile(File file) { this.file = file; }
    public String getEnv() { return env; }
    public void setEnv(String env) { this.env = env; }
}

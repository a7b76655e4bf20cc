package io.github.pgimage.maven;

/**
 * {@code <fileMode><path/><mode/><owner/></fileMode>}: the mode and owner a file of the entrypoint layer gets in the
 * image, e.g. a server key PostgreSQL accepts: {@code config/server.key}, {@code 0600}, owned by the server's user.
 */
public class FileModeParameter {

    /** Relative to sourceDirectory, under config/ or entrypoint.d/, or entrypoint.sh. */
    private String path;

    /** Octal, e.g. 0600. */
    private String mode;

    /** user, user:group, uid or uid:gid; default: runAsUser. */
    private String owner;

    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public String getMode() { return mode; }
    public void setMode(String mode) { this.mode = mode; }
    public String getOwner() { return owner; }
    public void setOwner(String owner) { this.owner = owner; }
}

package io.github.pgimage.core.engine;

/** The engine answered a request with an error status; the message is the engine's own (its JSON {@code message}). */
public class EngineRequestException extends EngineException {
    private final int status;
    private final String engineMessage;

    public EngineRequestException(String what, int status, String engineMessage) {
        this(what, status, engineMessage, null);
    }

    /** @param advice what the user can do about an answer whose own words do not say it, or null */
    public EngineRequestException(String what, int status, String engineMessage, String advice) {
        super(what + " (HTTP " + status + ")" + (engineMessage == null || engineMessage.isBlank() ? "" : ": " + engineMessage)
                + (advice == null ? "" : ". " + advice));
        this.status = status;
        this.engineMessage = engineMessage == null ? "" : engineMessage;
    }

    /** The HTTP status, e.g. 404 for a missing image, 400 for a bad parameter. */
    public int status() {
        return status;
    }

    /** What the engine said, without the request's description. */
    public String engineMessage() {
        return engineMessage;
    }
}

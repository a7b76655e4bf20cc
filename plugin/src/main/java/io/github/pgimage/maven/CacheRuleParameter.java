package io.github.pgimage.maven;

/**
 * {@code <cacheRule><step/><every/><value/></cacheRule>}: rerun a setup or builder step (and the steps after it)
 * every period, or when a value changes, although its files did not change.
 */
public class CacheRuleParameter {

    /** The script's number (03) or file name (03-install-postgresql.sh). */
    private String step;

    /** ISO-8601 period: P1D, P7D, PT12H, P2W. */
    private String every;

    /** Any value, e.g. ${pg.minor}; only its hash reaches the Dockerfile. */
    private String value;

    public String getStep() { return step; }
    public void setStep(String step) { this.step = step; }
    public String getEvery() { return every; }
    public void setEvery(String every) { this.every = every; }
    public String getValue() { return value; }
    public void setValue(String value) { this.value = value; }
}

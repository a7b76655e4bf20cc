package io.github.pgimage.core.registry;

/**
 * One tag the registry accepted.
 *
 * @param reference the full reference pushed ({@code localhost:5000/acme/pg:15})
 * @param digest    the manifest digest the registry stored ({@code sha256:…})
 * @param size      the manifest's size in bytes
 */
public record PushedImage(String reference, String digest, long size) {
}

package io.github.pgimage.core.session.content;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;

/**
 * A local cache folder ({@code type=local,src=…} or {@code dest=…}) that cannot be used: not a cache BuildKit wrote,
 * a manifest missing from it, a folder that cannot be written. Raised before the build starts.
 */
public class LocalCacheException extends InvalidSettingException {

    public LocalCacheException(Setting setting, String value, String message, Throwable cause) {
        super(setting, value, message, cause);
    }
}

package dev.spectrum.notify.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the notify service; every key lives under {@code spectrum.notify}. */
@ConfigMapping(prefix = "spectrum.notify")
public interface NotifyConfig {

    /** Public base URL of this service, used in confirmation and unsubscribe links. */
    @WithDefault("http://localhost:8083")
    String publicUrl();
}

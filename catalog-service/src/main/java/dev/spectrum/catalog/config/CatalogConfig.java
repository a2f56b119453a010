package dev.spectrum.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the catalog service; every key lives under {@code spectrum.catalog}. */
@ConfigMapping(prefix = "spectrum.catalog")
public interface CatalogConfig {

    /** Largest page the search API returns, whatever the client asks for. */
    @WithDefault("100")
    int maxPageSize();
}

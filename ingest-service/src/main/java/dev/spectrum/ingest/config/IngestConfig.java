package dev.spectrum.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Typed configuration of the ingest service; every key lives under {@code spectrum.ingest}. */
@ConfigMapping(prefix = "spectrum.ingest")
public interface IngestConfig {

    /** arXiv categories to watch, e.g. {@code cs.CL}. */
    @WithDefault("cs.CL,cs.LG,cs.AI,cs.CV,cs.DC,cs.AR,cs.PF,stat.ML")
    List<String> categories();
}

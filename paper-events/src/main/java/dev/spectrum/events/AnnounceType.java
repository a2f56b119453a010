package dev.spectrum.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How arXiv announced a version: first release, cross-list, replacement, or replacement of a cross-list. */
public enum AnnounceType {
    NEW("new"), CROSS("cross"), REPLACE("replace"), REPLACE_CROSS("replace-cross");

    private final String wire;

    AnnounceType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static AnnounceType fromWire(String value) {
        for (AnnounceType type : values()) {
            if (type.wire.equalsIgnoreCase(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown announce type: " + value);
    }

    /** True for the two replacement kinds, which carry a new version of a known paper. */
    public boolean isReplacement() {
        return this == REPLACE || this == REPLACE_CROSS;
    }
}

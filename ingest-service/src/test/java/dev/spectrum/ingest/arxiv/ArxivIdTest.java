package dev.spectrum.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArxivIdTest {

    @ParameterizedTest
    @CsvSource({
        "2411.17700v1, 2411.17700, 1",
        "arXiv:2411.17700v12, 2411.17700, 12",
        "ARXIV:1501.00001, 1501.00001, 0",
        "oai:arXiv.org:1401.3665v4, 1401.3665, 4",
        "http://arxiv.org/abs/1111.2011v2, 1111.2011, 2",
        "https://arxiv.org/abs/2508.13167, 2508.13167, 0",
        "hep-th/9901001, hep-th/9901001, 0",
        "http://arxiv.org/abs/astro-ph/0601001v1, astro-ph/0601001, 1",
        "math.GT/0309136v2, math/0309136, 2",
        "arXiv:cond-mat.str-el/0603029v1, cond-mat/0603029, 1",
        "0811.36489, 0811.36489, 0",
    })
    void canonicalIdAndVersion(String raw, String id, int version) {
        ArxivId parsed = ArxivId.parse(raw);
        assertThat(parsed.id()).isEqualTo(id);
        assertThat(parsed.version()).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "2411.177", "12345.6789", "hep-th/99", "https://arxiv.org/api/errors#x"})
    void refusesWhatIsNotAnId(String raw) {
        assertThatThrownBy(() -> ArxivId.parse(raw)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an arXiv id");
    }
}

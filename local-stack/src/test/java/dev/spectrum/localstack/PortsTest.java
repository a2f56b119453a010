package dev.spectrum.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Free ports for the servers a test starts: never one port for two of them. */
class PortsTest {

    @Test
    void portsHandedOutAreFreeAndNeverTheSameTwice() {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ports.add(Ports.free());
        }
        assertThat(ports).doesNotHaveDuplicates().allSatisfy(p -> assertThat(Ports.isFree(p)).isTrue());
    }
}

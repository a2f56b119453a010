package dev.spectrum.notify.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What counts as an unsubscribe request in a mail's subject or text. */
class UnsubscribeMailboxTest {

    private static final String TOKEN = Tokens.newToken();

    @Test
    void theSubjectTheLinkSetsAndWhatMailClientsMakeOfIt() {
        assertThat(UnsubscribeMailbox.find("unsubscribe " + TOKEN)).isEqualTo(TOKEN);
        assertThat(UnsubscribeMailbox.find("Re: UNSUBSCRIBE  " + TOKEN)).isEqualTo(TOKEN);
        assertThat(UnsubscribeMailbox.find("Please unsubscribe " + TOKEN + "\r\n-- \r\nsent from my phone")).isEqualTo(TOKEN);
    }

    @Test
    void mailsThatAskNothingAreNoRequest() {
        assertThat(UnsubscribeMailbox.find(null)).isNull();
        assertThat(UnsubscribeMailbox.find("unsubscribe me please")).isNull();
        assertThat(UnsubscribeMailbox.find("Out of office until Monday")).isNull();
        assertThat(UnsubscribeMailbox.find("resubscribe " + TOKEN)).isNull();
    }
}

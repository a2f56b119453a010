package dev.spectrum.notify.subscription;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client may send to create or change a subscription. Server-owned fields (status, confirmed, secret, token,
 * counters, owner, id) are not part of it: sending one is refused, not silently dropped.
 */
public class SubscriptionRequest {

    /** E-mail address to alert (exactly one of email and webhookUrl). */
    public String email;
    /** Webhook URL to alert (https; exactly one of email and webhookUrl). */
    public String webhookUrl;
    /** Body of webhook calls: STANDARD (documented JSON, default), SLACK or DISCORD. */
    public Subscription.Format webhookFormat;
    /** Address told when a webhook gets disabled. */
    public String contactEmail;
    /** Taxonomy node ids; descendants included. */
    public List<String> nodes;
    /** Keyword clauses on title and abstract; "phrases" and -exclusions allowed. */
    public List<String> keywords;
    /** Author names. */
    public List<String> authors;
    /** arXiv categories such as cs.CL. */
    public List<String> categories;
    /** Minimum classifier confidence in [0, 1]. */
    public Double minConfidence;
    /** INSTANT (default), DAILY or WEEKLY. */
    public Subscription.Cadence cadence;
    /** Time of day of digests, HH:mm (default 08:00). */
    public String digestTime;
    /** Day of weekly digests (default MONDAY). */
    public java.time.DayOfWeek digestDay;
    /** IANA time zone of digests (default UTC). */
    public String timeZone;
    /** Whether a new version of an already alerted paper alerts again (default false). */
    public Boolean revisionsAlert;

    @JsonIgnore
    public final List<String> unknownFields = new ArrayList<>();

    @JsonAnySetter
    void unknown(String name, Object value) {
        unknownFields.add(name);
    }

    public Filter filter() {
        return new Filter(nodes, keywords, authors, categories, minConfidence);
    }
}

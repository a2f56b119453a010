package dev.spectrum.ingest.arxiv;

/** An OAI-PMH {@code <error code=...>} other than noRecordsMatch; badResumptionToken makes a backfill restart its pass. */
public class OaiException extends FeedException {

    private final String code;

    public OaiException(String code, String message) {
        super("OAI-PMH error " + code + ": " + message, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean badResumptionToken() {
        return "badResumptionToken".equals(code);
    }
}

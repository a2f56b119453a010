package dev.spectrum.catalog.rest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.function.Supplier;

/** Reads in a transaction of their own, for resources that mix a write and a read of its result. */
final class QuarkusTx {

    private QuarkusTx() {
    }

    static <T> T call(Supplier<T> read) {
        return QuarkusTransaction.requiringNew().call(read::get);
    }
}

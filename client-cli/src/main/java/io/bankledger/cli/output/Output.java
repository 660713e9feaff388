package io.bankledger.cli.output;

import java.io.PrintWriter;

/** Where a command prints: results on {@code out}, one-line problems on {@code err}; JSON or tables. */
public record Output(PrintWriter out, PrintWriter err, boolean json) {

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    public void problem(String text) {
        err.println("bank: " + text);
        err.flush();
    }
}

package io.logwarden.scoring;

import io.logwarden.window.Window;

import java.util.List;

/**
 * The seam between windowing and models: a batch of windows in, one score per window out, in order.
 * Batches let a neural scorer run one forward pass for many windows.
 */
public interface WindowScorer {

    /** Short name shown in status and stored with each alert, e.g. "statistical" or "deeplog:demo". */
    String name();

    List<Score> score(List<Window> windows);
}

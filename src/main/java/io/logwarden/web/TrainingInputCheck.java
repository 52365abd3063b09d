package io.logwarden.web;

import io.logwarden.tail.AllowedRoots;
import io.logwarden.training.TrainingJobs;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A training job's input is checked against the allowed roots when the job opens it (it may have been
 * swapped for a symlink while queued). Wired here, where the API meets the tail package, so that the
 * model package does not depend on tail (PackageCyclesTest).
 */
@Component
class TrainingInputCheck implements TrainingJobs.InputCheck {

    private final AllowedRoots roots;

    TrainingInputCheck(AllowedRoots roots) {
        this.roots = roots;
    }

    @Override
    public Path open(Path requested) throws IOException {
        return roots.checkOpen(requested);
    }
}

package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DrainMinerTest {

    private final DrainMiner miner = new DrainMiner(Masker.withDefaults(List.of()), DrainSettings.defaults());

    @Test
    void sameLineGetsSameId() {
        int first = miner.add("Connection closed by 10.0.0.1 port 22").templateId();
        assertThat(miner.add("Connection closed by 10.0.0.1 port 22").templateId()).isEqualTo(first);
        assertThat(miner.add("Connection closed by 10.9.9.9 port 2222").templateId()).isEqualTo(first);
        assertThat(first).isEqualTo(1);
    }

    @Test
    void idsStartAtOneInCreationOrder() {
        assertThat(miner.add("Starting service alpha now").templateId()).isEqualTo(1);
        assertThat(miner.add("Disk quota exceeded for volume x").templateId()).isEqualTo(2);
        assertThat(miner.add("Starting service beta now").templateId()).isEqualTo(1);
        assertThat(miner.templateCount()).isEqualTo(2);
    }

    @Test
    void generalizationKeepsTheId() {
        TemplateMatch first = miner.add("Invalid user webmaster from 10.0.0.1");
        assertThat(first.change()).isEqualTo(TemplateMatch.Change.CREATED);
        TemplateMatch second = miner.add("Invalid user admin from 10.0.0.2");
        assertThat(second.templateId()).isEqualTo(first.templateId());
        assertThat(second.change()).isEqualTo(TemplateMatch.Change.GENERALIZED);
        assertThat(second.template()).isEqualTo("Invalid user <*> from <IP>");
        assertThat(miner.template(first.templateId()).orElseThrow().count()).isEqualTo(2);
    }

    @Test
    void differentMessagesGetDifferentTemplates() {
        int a = miner.add("Received disconnect from 10.0.0.1: 11: Bye Bye [preauth]").templateId();
        int b = miner.add("Received disconnect from 10.0.0.2: 11: disconnected by user").templateId();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void extractsParameters() {
        String template = miner.add("PacketResponder 1 for block blk_-38865 terminating").template();
        miner.add("PacketResponder 2 for block blk_777 terminating");
        String general = miner.template(1).orElseThrow().template();
        assertThat(general).isEqualTo("PacketResponder <NUM> for block blk_<NUM> terminating");
        assertThat(miner.parameters("PacketResponder 0 for block blk_-12 terminating", general))
                .containsExactly("0", "-12");
        assertThat(template).contains("<NUM>");
    }

    @Test
    void leastRecentlyUsedTemplateIsForgottenAndItsIdNotReused() {
        DrainMiner small = new DrainMiner(Masker.withDefaults(List.of()), new DrainSettings(0.65, 4, 100, 2));
        small.add("alpha one two three");
        small.add("beta one two three");
        small.add("alpha one two three");
        int third = small.add("gamma one two three").templateId();
        assertThat(third).isEqualTo(3);
        assertThat(small.templateCount()).isEqualTo(2);
        assertThat(small.template(2)).isEmpty();
        assertThat(small.add("beta one two three").templateId()).isEqualTo(4);
    }

    @Test
    void isThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<Integer> ids = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    ids.add(miner.add("worker " + (i % 7) + " finished task " + i + " in " + (i * 3) + " ms").templateId());
                    ids.add(miner.add("Job " + (i % 13) + " failed: disk full on /dev/sd" + (char) ('a' + i % 5)).templateId());
                    miner.template(1);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(ids).hasSize(miner.templateCount());
        long total = miner.templates().stream().mapToLong(TemplateRecord::count).sum();
        assertThat(total).isEqualTo(4 * 20_000 * 2);
        assertThat(miner.templateCount()).isEqualTo(2);
    }
}

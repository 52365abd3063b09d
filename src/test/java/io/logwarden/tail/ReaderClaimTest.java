package io.logwarden.tail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/** What one reader tells another about a file that reader is about to read from its start. */
class ReaderClaimTest {

    private static final Path LIVE = Path.of("/var/log/app/app.log");
    private static final byte[] GENERATION = "Dec  7 02:00:01 host app[1]: started\nDec  7 02:00:02 host app[1]: ready\n"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void aGenerationReadBeforeIsReadAgainOnlyWhenItsInodeWentToAnotherFile() {
        TailState reader = new TailState(LIVE.toString());
        reader.read(identity(1, 10, GENERATION));
        byte[] next = "Dec  7 03:00:00 host app[1]: next\n".getBytes(StandardCharsets.UTF_8);
        reader.reading(identity(1, 11, next), next);

        assertThat(reader.claimOf(new ReaderClaim.Candidate(new long[]{1, 10}, GENERATION, LIVE.resolveSibling("app.log.1")))).isEqualTo(ReaderClaim.Kind.READ);
        // ext4 and tmpfs hand the freed inode to the next new file: another start is another file, read whole
        byte[] otherFile = "Dec  7 04:00:00 host db[2]: recovery\n".getBytes(StandardCharsets.UTF_8);
        assertThat(reader.claimOf(new ReaderClaim.Candidate(new long[]{1, 10}, otherFile, LIVE.resolveSibling("db.log")))).isEqualTo(ReaderClaim.Kind.NONE);
        // the file it reads, renamed away from its name (LIVE does not exist here): a generation it drains
        assertThat(reader.claimOf(new ReaderClaim.Candidate(new long[]{1, 11}, next, LIVE.resolveSibling("app.log.1")))).isEqualTo(ReaderClaim.Kind.READING);
    }

    @Test
    void aCopyOfTheFileBeingReadWaitsOnlyUnderARotatedName() {
        TailState reader = new TailState(LIVE.toString());
        reader.reading(identity(1, 10, GENERATION), GENERATION);
        byte[] copy = (new String(GENERATION, StandardCharsets.UTF_8) + "Dec  7 02:00:03 host app[1]: late\n")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(reader.claimOf(new ReaderClaim.Candidate(new long[]{1, 20}, copy, LIVE.resolveSibling("app.log.1")))).isEqualTo(ReaderClaim.Kind.COPY_OF_READING);
        assertThat(reader.claimOf(new ReaderClaim.Candidate(new long[]{1, 20}, copy, LIVE.resolveSibling("app.log-20261207")))).isEqualTo(ReaderClaim.Kind.COPY_OF_READING);
        // an unrelated file that happens to start alike (a banner) is not kept waiting for a cut that never comes
        assertThat(reader.claimOf(new ReaderClaim.Candidate(new long[]{1, 20}, copy, LIVE.resolveSibling("worker.log")))).isEqualTo(ReaderClaim.Kind.NONE);
        assertThat(reader.claimOf(new ReaderClaim.Candidate(new long[]{1, 20}, copy, Path.of("/var/log/other/app.log.1")))).isEqualTo(ReaderClaim.Kind.NONE);
        // a copy still being written: nothing yet, or its first bytes so far, cannot be told from the file read now
        assertThat(reader.claimOf(new ReaderClaim.Candidate(new long[]{1, 20}, new byte[0], LIVE.resolveSibling("app.log.1")))).isEqualTo(ReaderClaim.Kind.COPY_OF_READING);
        assertThat(reader.claimOf(new ReaderClaim.Candidate(new long[]{1, 20}, java.util.Arrays.copyOf(GENERATION, 20), LIVE.resolveSibling("app.log.1"))))
                .isEqualTo(ReaderClaim.Kind.COPY_OF_READING);
        byte[] otherStart = "Nov 30 23:59:59 host app[1]: old\n".getBytes(StandardCharsets.UTF_8);
        assertThat(reader.claimOf(new ReaderClaim.Candidate(new long[]{1, 20}, otherStart, LIVE.resolveSibling("app.log.1")))).isEqualTo(ReaderClaim.Kind.NONE);
    }

    /** A black-box tester's app.log.1 shared app.log's 1.1 KiB banner, was no copy, and was never read. */
    @Test
    void aRotatedNameThatStartsAlikeButIsNoCopyOfTheFileReadNowIsReadWhole() {
        byte[] banner = ("#".repeat(1100) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] live = concat(banner, "Dec  7 02:00:01 host app[1]: started\nDec  7 02:00:02 host app[1]: ready\n");
        TailState reader = new TailState(LIVE.toString());
        byte[] head = java.util.Arrays.copyOf(live, FileIdentity.FINGERPRINT_BYTES);
        reader.reading(identity(1, 10, head), head);
        reader.openFiles = reading(live);
        Path rotatedName = LIVE.resolveSibling("app.log.1");

        byte[] other = concat(banner, "Dec  6 11:00:00 host app[7]: something else entirely\n");
        assertThat(reader.claimOf(candidate(other, rotatedName))).isEqualTo(ReaderClaim.Kind.NONE);
        // lines of one length that end alike: the same last 64 bytes at the same offset, yet no copy
        String padding = " " + "x".repeat(60) + "\n";
        byte[] padded = concat(banner, "seq=0000001" + padding + "seq=0000002" + padding);
        reader.openFiles = reading(padded);
        assertThat(reader.claimOf(candidate(concat(banner, "seq=0500001" + padding + "seq=0500002" + padding), rotatedName)))
                .isEqualTo(ReaderClaim.Kind.NONE);
        reader.openFiles = reading(live);
        // a copy of what it reads, whole or still being written (cp writes from the start)
        assertThat(reader.claimOf(candidate(live, rotatedName))).isEqualTo(ReaderClaim.Kind.COPY_OF_READING);
        assertThat(reader.claimOf(candidate(java.util.Arrays.copyOf(live, 1150), rotatedName))).isEqualTo(ReaderClaim.Kind.COPY_OF_READING);
        // the file read now was cut and the reader has not seen it yet: the candidate may hold its unread lines
        reader.openFiles = reading(new byte[0]);
        assertThat(reader.claimOf(candidate(other, rotatedName))).isEqualTo(ReaderClaim.Kind.COPY_OF_READING);
    }

    private static byte[] concat(byte[] first, String then) {
        byte[] more = then.getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static ReaderClaim.Candidate candidate(byte[] content, Path file) {
        int tail = Math.min(content.length, ReaderClaim.Candidate.TAIL_BYTES);
        return new ReaderClaim.Candidate(new long[]{1, 20}, java.util.Arrays.copyOf(content, Math.min(content.length,
                FileIdentity.FINGERPRINT_BYTES)), file, content.length, java.util.Arrays.copyOfRange(content, content.length - tail, content.length));
    }

    private static TailState.OpenFiles reading(byte[] content) {
        return new TailState.OpenFiles() {
            @Override
            public long readingSize() {
                return content.length;
            }

            @Override
            public long queuedBytes() {
                return 0;
            }

            @Override
            public byte[] readingBytes(long offset, int length) {
                int from = (int) Math.min(offset, content.length);
                return java.util.Arrays.copyOfRange(content, from, (int) Math.min(content.length, offset + length));
            }
        };
    }

    /** copytruncate cut the file read now between the claim's look at its start and its look at the candidate's end. */
    @Test
    void aFileCutWhileItIsComparedWithTheCandidateKeepsTheCopyWaiting() {
        byte[] live = concat(GENERATION, "Dec  7 02:00:03 host app[1]: late\n");
        TailState reader = new TailState(LIVE.toString());
        reader.reading(identity(1, 10, GENERATION), GENERATION);
        TailState.OpenFiles before = reading(live);
        TailState.OpenFiles after = reading("Dec  7 02:05:00 host app[1]: after the cut\n".getBytes(StandardCharsets.UTF_8));
        reader.openFiles = new TailState.OpenFiles() {
            private int reads;

            @Override
            public long readingSize() {
                return (reads == 0 ? before : after).readingSize();
            }

            @Override
            public long queuedBytes() {
                return 0;
            }

            @Override
            public byte[] readingBytes(long offset, int length) {
                return (reads++ == 0 ? before : after).readingBytes(offset, length);
            }
        };

        assertThat(reader.claimOf(candidate(live, LIVE.resolveSibling("app.log.1")))).isEqualTo(ReaderClaim.Kind.COPY_OF_READING);
    }

    /**
     * The reader took a file's identity, then its first bytes, and copytruncate cut it in between: its head was the
     * new content's, so a copy of what it reads was read whole by a glob's reader (CI: 10 lines twice, 4 in 400
     * runs of GlobRotationTest's copy over the last copy). Until the reader sees the cut, such a copy waits.
     */
    @Test
    void aHeadTheIdentityDoesNotStartWithKeepsACopyWaitingUntilTheReaderSeesTheCut() {
        TailState reader = new TailState(LIVE.toString());
        reader.reading(identity(1, 10, GENERATION), new byte[0]);
        reader.openFiles = reading(new byte[0]);

        assertThat(reader.claimOf(candidate(GENERATION, LIVE.resolveSibling("app.log.1")))).isEqualTo(ReaderClaim.Kind.COPY_OF_READING);
        // once it has seen the cut and reads the new content, an unrelated rotated name is not kept waiting
        byte[] next = "Dec  7 03:00:00 host app[1]: next\n".getBytes(StandardCharsets.UTF_8);
        reader.reading(identity(1, 10, next), next);
        reader.openFiles = reading(next);
        assertThat(reader.claimOf(candidate(GENERATION, LIVE.resolveSibling("app.log.1")))).isEqualTo(ReaderClaim.Kind.NONE);
    }

    /** After a restart a glob's scan can come before the reader of app.log has resumed in its rotated generation. */
    @Test
    void aReaderThatHasNotOpenedItsFileYetKeepsItsRotatedNamesWaiting() {
        TailState starting = new TailState(LIVE.toString());
        assertThat(starting.claimOf(new ReaderClaim.Candidate(new long[]{1, 30}, GENERATION, LIVE.resolveSibling("app.log.2"))))
                .isEqualTo(ReaderClaim.Kind.READING);
        assertThat(starting.claimOf(new ReaderClaim.Candidate(new long[]{1, 30}, GENERATION, LIVE.resolveSibling("db.log"))))
                .isEqualTo(ReaderClaim.Kind.NONE);
        starting.reading(identity(1, 31, "x\n".getBytes(StandardCharsets.UTF_8)), "x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(starting.claimOf(new ReaderClaim.Candidate(new long[]{1, 30}, GENERATION, LIVE.resolveSibling("app.log.2"))))
                .isEqualTo(ReaderClaim.Kind.NONE);
    }

    @Test
    void aFileAnotherReaderFollowsUnderItsOwnNameIsLeftToIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path own = java.nio.file.Files.writeString(dir.resolve("app.log.1"), "Dec  7 02:00:01 host app[1]: started\n");
        long[] devIno = FileIdentity.devIno(own);
        byte[] head = java.nio.file.Files.readAllBytes(own);
        TailState follower = new TailState(own.toString());
        follower.reading(identity(devIno[0], devIno[1], head), head);

        assertThat(follower.claimOf(new ReaderClaim.Candidate(devIno, head, own))).isEqualTo(ReaderClaim.Kind.FOLLOWED);
    }

    @Test
    void theStrongestClaimOfAllReadersWins() {
        TailRegistry registry = new TailRegistry(null);
        TailState live = registry.register(LIVE.toString());
        live.read(identity(1, 10, GENERATION));
        byte[] next = "Dec  7 03:00:00 host app[1]: next\n".getBytes(StandardCharsets.UTF_8);
        live.reading(identity(1, 11, next), next);
        TailState drainer = registry.register(LIVE.resolveSibling("app.log.1").toString());
        drainer.reading(identity(1, 10, GENERATION), GENERATION);
        Path renamed = LIVE.resolveSibling("app.log.2");

        assertThat(registry.claimElsewhere(renamed.toString(), new ReaderClaim.Candidate(new long[]{1, 10}, GENERATION, renamed)))
                .isEqualTo(new ReaderClaim(ReaderClaim.Kind.READING, LIVE.resolveSibling("app.log.1").toString()));
        assertThat(registry.claimElsewhere(LIVE.resolveSibling("app.log.1").toString(), new ReaderClaim.Candidate(new long[]{1, 10}, GENERATION, renamed)))
                .isEqualTo(new ReaderClaim(ReaderClaim.Kind.READ, LIVE.toString()));
    }

    private static FileIdentity identity(long dev, long ino, byte[] head) {
        CRC32C crc = new CRC32C();
        crc.update(head);
        return new FileIdentity(dev, ino, head.length, crc.getValue());
    }
}

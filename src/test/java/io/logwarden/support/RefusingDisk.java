package io.logwarden.support;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A disk that refuses writes, for the embedded H2 database: files opened through {@code jdbc:h2:refusing:PATH} are
 * the files at PATH, but while {@link #refuse} is on every write fails as a full filesystem's does. Filling a real
 * filesystem needs a mount (root) and minutes; this is the same failure where H2 meets it, on demand.
 */
public final class RefusingDisk extends FilePathWrapper {

    public static final String SCHEME = "refusing";
    private static final AtomicBoolean REFUSING = new AtomicBoolean();
    private static final AtomicInteger REFUSED = new AtomicInteger();

    static {
        FilePath.register(new RefusingDisk());
    }

    /** Registers the scheme with H2 (once per JVM) and returns the JDBC URL of a file database at {@code path}. */
    public static String url(String path, String settings) {
        return "jdbc:h2:" + SCHEME + ":" + path + settings;
    }

    public static void refuse(boolean on) {
        REFUSING.set(on);
    }

    /** Writes refused so far. */
    public static int refused() {
        return REFUSED.get();
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Channel(getBase().open(mode));
    }

    private static final class Channel extends FileBase {

        private final FileChannel base;

        Channel(FileChannel base) {
            this.base = base;
        }

        private static void check() throws IOException {
            if (REFUSING.get()) {
                REFUSED.incrementAndGet();
                throw new IOException("No space left on device (test: the disk refuses writes)");
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            check();
            return base.write(src);
        }

        @Override
        public synchronized int write(ByteBuffer src, long position) throws IOException {
            check();
            return base.write(src, position);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            check();
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            check();
            base.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public synchronized int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public synchronized FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}

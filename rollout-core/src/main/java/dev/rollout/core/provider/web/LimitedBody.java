package dev.rollout.core.provider.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a size limit: a declared {@code Content-Length} over the limit is
 * refused before any byte is read, and a body that grows past it is cancelled as soon as it does,
 * so an endless or huge answer never fills the heap.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final boolean declaredTooLarge;
    private final Runnable onTooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private LimitedBody(long limit, boolean declaredTooLarge, Runnable onTooLarge) {
        this.limit = limit;
        this.declaredTooLarge = declaredTooLarge;
        this.onTooLarge = onTooLarge;
    }

    /**
     * A handler whose bodies are at most {@code limit} bytes; {@code onTooLarge} runs when one is
     * refused (the client may report the cancelled stream instead of {@link TooLarge}).
     */
    static HttpResponse.BodyHandler<byte[]> handler(long limit, Runnable onTooLarge) {
        return info -> new LimitedBody(limit,
                info.headers().firstValueAsLong("Content-Length").orElse(-1) > limit, onTooLarge);
    }

    /** Thrown (as the cause of the exchange's failure) when a body is over the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("response body larger than " + megabytes(limit));
        }
    }

    /** {@code 10 MB} for whole megabytes, else the byte count. */
    static String megabytes(long bytes) {
        long mb = 1024L * 1024L;
        return bytes % mb == 0 ? bytes / mb + " MB" : bytes + " bytes";
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredTooLarge) {
            refuse();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (out.size() + (long) buffer.remaining() > limit) {
                refuse();
                return;
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            out.write(bytes, 0, bytes.length);
        }
    }

    private void refuse() {
        onTooLarge.run();
        result.completeExceptionally(new TooLarge(limit));
        subscription.cancel();
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}

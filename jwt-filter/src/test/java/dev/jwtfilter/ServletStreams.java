package dev.jwtfilter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;

/** A blocking {@link ServletOutputStream} into a byte buffer, for mocked responses. */
public final class ServletStreams {
    private ServletStreams() {}

    public static ServletOutputStream into(ByteArrayOutputStream sink) {
        return new ServletOutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                // blocking stream
            }
        };
    }
}

package io.stepcast.runtime.model;

import io.stepcast.runtime.spec.Cell;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small, dependency-free binary format for {@link ModelWeights}, so the streaming job can load a
 * model without DL4J on its classpath and reject a damaged file before it serves a single event.
 *
 * <p>Layout, big-endian as written by {@link DataOutputStream}:
 * <pre>
 *   bytes[4]  magic "STPW"
 *   int       format version (1)
 *   byte      cell: 0 = lstm, 1 = rnn
 *   int       inputs, hidden, layers, outputs
 *   per layer l = 0..layers-1:
 *     float[nIn_l * gates*hidden]    W   (row-major)
 *     float[hidden * gates*hidden]   RW  (row-major)
 *     float[gates*hidden]            b
 *   float[hidden * outputs]          output W (row-major)
 *   float[outputs]                   output b
 * </pre>
 * Array lengths follow from the shape, so the file carries none; nothing may follow the last array.
 */
public final class WeightsCodec {

    /** Current (and only) format version. */
    public static final int VERSION = 1;

    private static final byte[] MAGIC = "STPW".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + 1 + 4 * Integer.BYTES;

    private WeightsCodec() {}

    public static byte[] encode(ModelWeights weights) {
        ModelShape shape = weights.shape();
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(Math.toIntExact(HEADER_BYTES + Float.BYTES * floatCount(shape)));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeByte(cellCode(shape.cell()));
            out.writeInt(shape.inputs());
            out.writeInt(shape.hidden());
            out.writeInt(shape.layers());
            out.writeInt(shape.outputs());
            for (int l = 0; l < shape.layers(); l++) {
                writeFloats(out, weights.inputWeights(l));
                writeFloats(out, weights.recurrentWeights(l));
                writeFloats(out, weights.bias(l));
            }
            writeFloats(out, weights.outputWeights());
            writeFloats(out, weights.outputBias());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws ModelFormatException if the bytes are not a complete, valid version-1 weights file
     */
    public static ModelWeights decode(byte[] bytes) {
        if (bytes == null) {
            throw new ModelFormatException("no model bytes (null)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < MAGIC.length) {
            throw new ModelFormatException("truncated: " + bytes.length + " bytes is shorter than the magic \"STPW\"");
        }
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new ModelFormatException(
                    "wrong magic " + Arrays.toString(magic) + ": not a Stepcast weights file (expected \"STPW\")");
        }
        if (bytes.length < HEADER_BYTES) {
            throw new ModelFormatException(
                    "truncated: header needs " + HEADER_BYTES + " bytes, file has " + bytes.length);
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw new ModelFormatException(
                    "unsupported format version " + version + " (this reader knows " + VERSION + ")");
        }
        ModelShape shape = readShape(in);

        long needed = Float.BYTES * floatCount(shape);
        if (in.remaining() < needed) {
            throw new ModelFormatException("truncated: weights of " + shape.describe() + " need " + needed
                    + " bytes after the header, file has " + in.remaining());
        }
        if (in.remaining() > needed) {
            throw new ModelFormatException(
                    (in.remaining() - needed) + " trailing bytes after the weights of " + shape.describe());
        }
        try {
            float[][] w = new float[shape.layers()][];
            float[][] rw = new float[shape.layers()][];
            float[][] b = new float[shape.layers()][];
            int width = shape.gates() * shape.hidden();
            for (int l = 0; l < shape.layers(); l++) {
                w[l] = readFloats(in, ModelWeights.inputsOf(shape, l) * width);
                rw[l] = readFloats(in, shape.hidden() * width);
                b[l] = readFloats(in, width);
            }
            float[] outW = readFloats(in, shape.hidden() * shape.outputs());
            float[] outB = readFloats(in, shape.outputs());
            return new ModelWeights(shape, w, rw, b, outW, outB);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("invalid weights: " + e.getMessage(), e);
        }
    }

    private static ModelShape readShape(ByteBuffer in) {
        byte code = in.get();
        Cell cell = switch (code) {
            case 0 -> Cell.LSTM;
            case 1 -> Cell.RNN;
            default -> throw new ModelFormatException("unknown cell code " + code + " (0 = lstm, 1 = rnn)");
        };
        int inputs = in.getInt();
        int hidden = in.getInt();
        int layers = in.getInt();
        int outputs = in.getInt();
        try {
            return new ModelShape(cell, inputs, hidden, layers, outputs);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("impossible shape: " + e.getMessage(), e);
        }
    }

    /** Floats in the body; a long because a corrupt header may claim more than fits in an int. */
    private static long floatCount(ModelShape shape) {
        long width = (long) shape.gates() * shape.hidden();
        long perLayerRecurrent = (long) shape.hidden() * width + width;
        long total = (long) shape.inputs() * width
                + perLayerRecurrent
                + (long) (shape.layers() - 1) * ((long) shape.hidden() * width + perLayerRecurrent);
        return total + (long) shape.hidden() * shape.outputs() + shape.outputs();
    }

    private static byte cellCode(Cell cell) {
        // Explicit codes rather than ordinal(): reordering the enum must not change the file format.
        return switch (cell) {
            case LSTM -> 0;
            case RNN -> 1;
        };
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(ByteBuffer in, int count) {
        float[] values = new float[count];
        in.asFloatBuffer().get(values);
        in.position(in.position() + count * Float.BYTES);
        return values;
    }
}

package dev.glassbox.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ONNX Runtime session options every encoder session gets: threads, spinning, and the execution device. */
final class SessionSettings {

  private static final Logger LOG = LoggerFactory.getLogger(SessionSettings.class);
  private static final AtomicBoolean DEVICE_LOGGED = new AtomicBoolean();

  private SessionSettings() {}

  /** Options for a session on the bundled model (the encoder's, the attention one's, and the bench's bare one). */
  static OrtSession.SessionOptions of(EncoderOptions options) throws OrtException {
    OrtSession.SessionOptions session = new OrtSession.SessionOptions();
    if (options.intraOpThreads() > 0) session.setIntraOpNumThreads(options.intraOpThreads());
    session.setInterOpNumThreads(1);
    session.addConfigEntry("session.intra_op.allow_spinning", options.spinning() ? "1" : "0");
    session.addConfigEntry("session.inter_op.allow_spinning", options.spinning() ? "1" : "0");
    if (!options.device().equals("cpu")) useCuda(session, options.device());
    return session;
  }

  /**
   * Adds ONNX Runtime's CUDA provider (device 0). Without a GPU, or with the CPU-only ONNX Runtime jar (the default
   * build; {@code -Pgpu} packages the CUDA one), the encoder stays on the CPU and says so once.
   */
  private static void useCuda(OrtSession.SessionOptions session, String device) {
    try {
      session.addCUDA(0);
      if (DEVICE_LOGGED.compareAndSet(false, true)) LOG.info("encoder: ONNX Runtime CUDA provider on GPU 0");
    } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
      if (DEVICE_LOGGED.compareAndSet(false, true)) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        String line = "encoder: no usable GPU (" + why + "); running on the CPU";
        if (device.equals("gpu")) LOG.warn(line);
        else LOG.info(line);
      }
    }
  }
}

/*
 * The Log4j 2 client of the producer tests: logs the events of a plan file through the loggers the
 * plan names, with Log4j's own KafkaAppender (configured by log4j2-kafka.xml) writing them to the
 * test broker. Launched as a single-file source program (`java -cp <libs>/* VigilLog4jClient.java
 * PLAN`) by tests/harness/clients/log4j.ts.
 *
 * A plan line is `LEVEL<TAB>LOGGER<TAB>MESSAGE<TAB>EXCEPTION` where EXCEPTION is
 *   -           no exception
 *   timeout     the java.net.SocketTimeoutException of a real socket read that timed out
 *   wrapped     an IllegalStateException caused by an UncheckedIOException caused by that timeout,
 *               thrown from deep in the stack (about 80 frames), so that the last "Caused by" is
 *               the real root cause
 * The timeouts are real: a local server accepts the connection and never answers.
 */
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

public class VigilLog4jClient {
  private static final int READ_TIMEOUT_MS = 20;
  private static final int WRAPPED_DEPTH = 70;

  public static void main(String[] args) throws Exception {
    if (args.length != 1) throw new IllegalArgumentException("usage: VigilLog4jClient PLAN_FILE");
    List<String> plan = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int logged = 0;
      for (String line : plan) {
        if (line.isBlank()) continue;
        String[] cols = line.split("\t", -1);
        if (cols.length != 4) throw new IllegalArgumentException("bad plan line: " + line);
        Logger logger = LogManager.getLogger(cols[1]);
        Level level = Level.valueOf(cols[0]);
        Throwable thrown = switch (cols[3]) {
          case "-" -> null;
          case "timeout" -> readTimeout(silent);
          case "wrapped" -> wrapped(silent, WRAPPED_DEPTH);
          default -> throw new IllegalArgumentException("unknown exception kind: " + cols[3]);
        };
        if (thrown == null) logger.log(level, cols[2]);
        else logger.log(level, cols[2], thrown);
        logged++;
      }
      System.out.println("logged " + logged);
    }
    LogManager.shutdown();
  }

  /** A real read timeout: the server accepted (backlog) the connection but never writes. */
  private static SocketTimeoutException readTimeout(ServerSocket silent) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(silent.getInetAddress(), silent.getLocalPort()), 1000);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      InputStream in = socket.getInputStream();
      in.read();
      throw new IllegalStateException("the silent server answered");
    } catch (SocketTimeoutException timeout) {
      return timeout;
    }
  }

  private static Throwable wrapped(ServerSocket silent, int depth) {
    try {
      chargeGateway(silent, depth);
      throw new IllegalStateException("the silent server answered");
    } catch (IllegalStateException failure) {
      return failure;
    }
  }

  /** Recurses so that the exception is thrown from deep in the stack, as in a real framework. */
  private static void chargeGateway(ServerSocket silent, int depth) {
    if (depth > 0) {
      chargeGateway(silent, depth - 1);
      return;
    }
    try {
      callGateway(silent);
    } catch (UncheckedIOException io) {
      throw new IllegalStateException("Charge request to the payment gateway failed", io);
    }
  }

  private static void callGateway(ServerSocket silent) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(silent.getInetAddress(), silent.getLocalPort()), 1000);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      socket.getInputStream().read();
    } catch (IOException e) {
      throw new UncheckedIOException("POST /v1/charges to the gateway", e);
    }
  }
}

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.LogManager;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 the way its {@code MainApp} does, without its start-up race.
 *
 * <p>Why: {@code Channels.connect} binds the sockets and starts the shell and control threads first and
 * only then builds its map of message handlers. Jupyter clients send {@code kernel_info_request} right
 * after launching a kernel; ZeroMQ holds that message until the kernel binds and hands it over at once,
 * so on a busy machine the shell thread often reads it while the map is still null, dies with
 * "this.handlers is null", and the kernel never answers. Here the map is pre-set to a stand-in whose
 * lookups wait until {@code connect} has finished (its {@code isConnected} flag) and then read the real
 * map, so an early message is handled a moment later instead of killing the thread.
 *
 * <p>Everything else is the kernel's own: the same {@code MainApp.kernel} (which cell code reaches through
 * the kernel's {@code Global} helpers), logging configuration and connection handling.
 * {@code scripts/install-kernel.sh} compiles this file against the kernel jar.
 */
public final class TripletlabKernel {
    private TripletlabKernel() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TripletlabKernel <connection file> (Jupyter passes it)");
        }
        LogManager.getLogManager().readConfiguration(MainApp.class.getClassLoader().getResourceAsStream("logging.properties"));
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("connection file " + file + " does not exist");
        }
        ConnectionProperties props = (ConnectionProperties) Transform.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                ConnectionProperties.class);
        if ("ipc".equals(props.transport())) {
            throw new IllegalArgumentException(file + ": the ipc transport is not supported by this kernel; use tcp");
        }
        Channels channels = new Channels(props);
        Field handlers = Channels.class.getDeclaredField("handlers");
        Field connected = Channels.class.getDeclaredField("isConnected");
        handlers.setAccessible(true);
        connected.setAccessible(true);
        handlers.set(channels, new HandlersOnceConnected(channels, handlers, connected));
        channels.connect(MainApp.kernel);
        channels.joinUntilClose();
    }

    /** Stand-in for the handler map until {@code connect} has replaced and filled the real one. */
    private static final class HandlersOnceConnected extends AbstractMap<Object, Object> {
        private final Channels channels;
        private final Field handlers;
        private final Field connected;

        HandlersOnceConnected(Channels channels, Field handlers, Field connected) {
            this.channels = channels;
            this.handlers = handlers;
            this.connected = connected;
        }

        private Map<?, ?> real() {
            try {
                // isConnected is set after the last handler is put; reading it through reflection in a
                // sleeping loop sees the other thread's write.
                while (!connected.getBoolean(channels)) {
                    Thread.sleep(10);
                }
                return (Map<?, ?>) handlers.get(channels);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read the kernel's handler map", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the kernel was starting", e);
            }
        }

        @Override
        public Object get(Object key) {
            return real().get(key);
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) real();
            return m.entrySet();
        }
    }
}

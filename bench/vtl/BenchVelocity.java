// The peer for bench_vtl: Apache Velocity 1.7 rendering a template with $root bound to the
// parsed JSON body (a tiny reader into LinkedHashMap/ArrayList/Long/Double/String/Boolean) and
// $context to a map. Prints the median thread-CPU microseconds per render over 9 batches.
//   java BenchVelocity TEMPLATE BODY ITERATIONS
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeServices;
import org.apache.velocity.runtime.RuntimeSingleton;
import org.apache.velocity.runtime.parser.node.SimpleNode;

public class BenchVelocity {
    private final String s;
    private int p;

    private BenchVelocity(String s) { this.s = s; }

    private void ws() { while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++; }

    private Object value() {
        ws();
        char c = s.charAt(p);
        if (c == '{') {
            Map<String, Object> m = new LinkedHashMap<>();
            p++; ws();
            if (s.charAt(p) == '}') { p++; return m; }
            while (true) {
                ws(); String k = (String) value(); ws(); p++; // ':'
                m.put(k, value()); ws();
                if (s.charAt(p++) == '}') return m;
            }
        }
        if (c == '[') {
            List<Object> l = new ArrayList<>();
            p++; ws();
            if (s.charAt(p) == ']') { p++; return l; }
            while (true) {
                l.add(value()); ws();
                if (s.charAt(p++) == ']') return l;
            }
        }
        if (c == '"') {
            StringBuilder b = new StringBuilder();
            p++;
            while (s.charAt(p) != '"') {
                char ch = s.charAt(p++);
                if (ch == '\\') ch = s.charAt(p++);
                b.append(ch);
            }
            p++;
            return b.toString();
        }
        if (s.startsWith("true", p)) { p += 4; return Boolean.TRUE; }
        if (s.startsWith("false", p)) { p += 5; return Boolean.FALSE; }
        if (s.startsWith("null", p)) { p += 4; return null; }
        int start = p;
        while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) p++;
        String n = s.substring(start, p);
        if (n.contains(".") || n.contains("e") || n.contains("E")) return Double.valueOf(n);
        return Long.valueOf(n);
    }

    public static void main(String[] args) throws Exception {
        String template = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
        String body = new String(Files.readAllBytes(Paths.get(args[1])), StandardCharsets.UTF_8);
        int iterations = Integer.parseInt(args[2]);
        VelocityEngine engine = new VelocityEngine();
        engine.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        engine.init();
        Object root = new BenchVelocity(body).value();
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        ctx.put("stage", "prod");
        // Parse once, as the gateway does: evaluate() would parse on every call.
        org.apache.velocity.runtime.RuntimeInstance ri = new org.apache.velocity.runtime.RuntimeInstance();
        ri.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        ri.init();
        SimpleNode node = ri.parse(new java.io.StringReader(template), "bench");
        Template t = new Template();
        t.setRuntimeServices(ri);
        t.setData(node);
        t.initDocument();
        double[] batches = new double[9];
        long sink = 0;
        for (int w = 0; w < 3; ++w) { // warm up the JIT
            for (int i = 0; i < iterations; ++i) {
                VelocityContext vc = new VelocityContext();
                vc.put("root", root); vc.put("context", ctx);
                StringWriter out = new StringWriter();
                t.merge(vc, out);
                sink += out.getBuffer().length();
            }
        }
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int b = 0; b < 9; ++b) {
            long start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < iterations; ++i) {
                VelocityContext vc = new VelocityContext();
                vc.put("root", root); vc.put("context", ctx);
                StringWriter out = new StringWriter();
                t.merge(vc, out);
                sink += out.getBuffer().length();
            }
            batches[b] = (cpu.getCurrentThreadCpuTime() - start) / 1000.0 / iterations;
        }
        Arrays.sort(batches);
        System.out.println(batches[4]);
        if (sink == 0) System.exit(1);
    }
}

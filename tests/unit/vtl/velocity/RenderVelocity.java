// Renders template files through Apache Velocity 1.7 for the cross-check test.
// Usage: java RenderVelocity OUTDIR FILE...
// For each FILE writes OUTDIR/<name>.out with the rendered text, or OUTDIR/<name>.err with
// the exception's message when parsing or rendering fails. The templates #set their own
// variables: the context starts empty, so no JSON reader is needed here.
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;

public class RenderVelocity {
    public static void main(String[] args) throws Exception {
        VelocityEngine engine = new VelocityEngine();
        engine.setProperty("runtime.log.logsystem.class",
                           "org.apache.velocity.runtime.log.NullLogChute");
        // Every file is its own template: macros stay local to the file defining them
        // (by default 1.7 makes inline macros global and refuses to redefine them).
        engine.setProperty("velocimacro.permissions.allow.inline.local.scope", "true");
        engine.init();
        File outDir = new File(args[0]);
        for (int i = 1; i < args.length; ++i) {
            File in = new File(args[i]);
            String name = in.getName();
            String source = new String(Files.readAllBytes(in.toPath()), StandardCharsets.UTF_8);
            String result;
            String suffix;
            try {
                StringWriter out = new StringWriter();
                engine.evaluate(new VelocityContext(), out, name, source);
                result = out.toString();
                suffix = ".out";
            } catch (Exception e) {
                result = String.valueOf(e.getMessage());
                suffix = ".err";
            }
            try (Writer w = new OutputStreamWriter(
                     new FileOutputStream(new File(outDir, name + suffix)), StandardCharsets.UTF_8)) {
                w.write(result);
            }
        }
    }
}

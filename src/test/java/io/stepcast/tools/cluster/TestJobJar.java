package io.stepcast.tools.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A job jar made of one compiled test class (and its nested classes) with it as the manifest's main
 * class: enough for Flink's client, whose cluster already has Flink's own classes.
 */
final class TestJobJar {
    private TestJobJar() {}

    static Path write(Class<?> mainClass, Path jar) throws IOException, URISyntaxException {
        Path classes = Path.of(
                mainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path packageDir = classes.resolve(mainClass.getPackageName().replace('.', '/'));
        String simpleName = mainClass.getSimpleName();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> siblings = Files.list(packageDir)) {
            for (Path classFile : siblings.filter(
                            f -> f.getFileName().toString().equals(simpleName + ".class")
                                    || f.getFileName().toString().startsWith(simpleName + "$"))
                    .toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(classFile).toString()));
                Files.copy(classFile, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}

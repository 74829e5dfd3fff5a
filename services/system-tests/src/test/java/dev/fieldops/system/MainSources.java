package dev.fieldops.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files of the modules' main source folders, for tests that read the code as text. */
final class MainSources {

  private MainSources() {}

  /**
   * Every regular file under {@code TOP/MODULE/src/main} of {@code root}, for each of {@code tops}
   * ({@code libs}, {@code services}, ...), relative to {@code root}. Only those folders are walked,
   * never a module's {@code target/}: the quick run builds and tests other modules side by side,
   * and a walk of the whole tree met a file of another module's test run deleted under it (a CI run
   * failed on {@code NoSuchFileException} in {@code services/telemetry/target/surefire}).
   */
  static List<Path> files(Path root, String... tops) throws IOException {
    var found = new ArrayList<Path>();
    for (String top : tops) {
      List<Path> folders;
      try (Stream<Path> modules = Files.list(root.resolve(top))) {
        folders =
            modules.map(module -> module.resolve("src/main")).filter(Files::isDirectory).toList();
      }
      for (Path folder : folders) {
        try (Stream<Path> files = Files.walk(folder)) {
          files.filter(Files::isRegularFile).map(root::relativize).forEach(found::add);
        }
      }
    }
    return found;
  }
}

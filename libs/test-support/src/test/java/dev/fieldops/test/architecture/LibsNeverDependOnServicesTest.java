package dev.fieldops.test.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The platform libraries serve every bounded context and must never reach into one: a lib that
 * depended on a service would tie every other service to it. Checked twice, on the build (no lib
 * POM names a service artifact) and on the bytecode (no lib class uses a service's own packages;
 * the generated contract packages {@code dev.fieldops.<context>.v1} are the published language and
 * live in libs/contracts).
 */
class LibsNeverDependOnServicesTest {

  private static final Path REPO = Path.of("").toAbsolutePath().getParent().getParent();
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  @Test
  void no_lib_pom_names_a_service_artifact() throws IOException {
    Set<String> serviceArtifacts = serviceArtifacts();
    assertThat(serviceArtifacts)
        .contains("fieldops-customer-support", "fieldops-telemetry", "fieldops-invoicing");

    for (Path pom : libPoms()) {
      assertThat(dependenciesOf(Files.readString(pom)))
          .as("dependencies of %s", REPO.relativize(pom))
          .doesNotContainAnyElementsOf(serviceArtifacts);
    }
  }

  @Test
  void the_pom_check_catches_a_lib_that_names_a_service() throws IOException {
    String violating =
        """
        <project><artifactId>fieldops-some-lib</artifactId><dependencies>
          <dependency><groupId>dev.fieldops</groupId><artifactId>fieldops-invoicing</artifactId></dependency>
        </dependencies></project>""";
    assertThat(dependenciesOf(violating)).containsAnyElementsOf(serviceArtifacts());
  }

  @Test
  void no_lib_class_uses_a_service_package() {
    JavaClasses libClasses = new ClassFileImporter().importPaths(libClassDirectories());
    assertThat(libClasses).as("lib classes were found to check").isNotEmpty();
    servicePackagesRule().check(libClasses);
  }

  @Test
  void the_bytecode_rule_catches_a_lib_class_that_uses_a_service_package() {
    JavaClasses violating =
        new ClassFileImporter()
            .importClasses(
                dev.fieldops.test.architecture.fixture.LibClassThatUsesAService.class,
                dev.fieldops.invoicing.fixture.ServiceOwnedType.class);
    assertThat(servicePackagesRule().evaluate(violating).hasViolation()).isTrue();
  }

  private static ArchRule servicePackagesRule() {
    DescribedPredicate<JavaClass> serviceOwned =
        new DescribedPredicate<>("owned by a service") {
          @Override
          public boolean test(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return Stream.of(
                    "dev.fieldops.support", "dev.fieldops.telemetry", "dev.fieldops.invoicing")
                .anyMatch(
                    root ->
                        (name.equals(root) || name.startsWith(root + "."))
                            && !name.equals(root + ".v1")
                            && !name.startsWith(root + ".v1."));
          }
        };
    return noClasses()
        .that()
        .resideInAPackage("dev.fieldops..")
        .and(DescribedPredicate.not(serviceOwned))
        .should()
        .dependOnClassesThat(serviceOwned)
        .as("platform libraries never depend on a service");
  }

  private static Set<String> serviceArtifacts() throws IOException {
    try (Stream<Path> services = Files.list(REPO.resolve("services"))) {
      return services
          .map(dir -> dir.resolve("pom.xml"))
          .filter(Files::exists)
          .map(LibsNeverDependOnServicesTest::ownArtifact)
          .collect(Collectors.toSet());
    }
  }

  private static List<Path> libPoms() throws IOException {
    try (Stream<Path> libs = Files.list(REPO.resolve("libs"))) {
      return libs.map(dir -> dir.resolve("pom.xml")).filter(Files::exists).toList();
    }
  }

  private static List<Path> libClassDirectories() {
    try (Stream<Path> libs = Files.list(REPO.resolve("libs"))) {
      return libs.map(dir -> dir.resolve("target/classes")).filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String ownArtifact(Path pom) {
    try {
      String text = Files.readString(pom).replaceAll("(?s)<parent>.*?</parent>", "");
      var matcher = ARTIFACT.matcher(text);
      if (!matcher.find()) {
        throw new IllegalStateException("no artifactId in " + pom);
      }
      return matcher.group(1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> dependenciesOf(String pom) {
    String dependencies =
        pom.replaceAll("(?s)<parent>.*?</parent>", "")
            .replaceAll("(?s)^.*?(<dependencies>.*</dependencies>).*$", "$1");
    return ARTIFACT.matcher(dependencies).results().map(m -> m.group(1)).toList();
  }
}

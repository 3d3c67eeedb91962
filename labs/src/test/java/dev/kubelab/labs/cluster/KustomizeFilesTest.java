package dev.kubelab.labs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in kubectl copies a -k directory with every local base and file it names, and nothing else. */
class KustomizeFilesTest {
  @TempDir Path home;

  private Path write(String path, String text) throws Exception {
    Path p = home.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void anOverlayBringsItsBaseAndWhatTheBaseNames() throws Exception {
    write("shop/base/kustomization.yaml", "resources: [deployment.yaml, ../../shared/common]\n"
        + "configMapGenerator: [{name: c, files: [app.properties=../../config/app.properties], envs: [../../config/extra.env]}]\n");
    write("shop/base/deployment.yaml", "kind: Deployment\n");
    write("shared/common/kustomization.yaml", "resources: [ns.yaml]\n");
    write("shared/common/ns.yaml", "kind: Namespace\n");
    write("config/app.properties", "a=1\n");
    write("config/extra.env", "B=2\n");
    write("config/unrelated.txt", "not named anywhere\n");
    write("shop/overlays/prod/kustomization.yaml", "resources: [../../base, https://example.com/x.yaml]\n"
        + "patches: [{path: ../../patches/size.yaml}, {patch: '[]', target: {kind: Deployment}}]\n");
    write("shop/patches/size.yaml", "kind: Deployment\n");

    assertThat(KustomizeFiles.needed(home.resolve("shop/overlays/prod"))).containsExactlyInAnyOrder(
        home.resolve("shop/overlays/prod"), home.resolve("shop/patches/size.yaml"), home.resolve("shop/base"),
        home.resolve("shared/common"), home.resolve("config/app.properties"), home.resolve("config/extra.env"));
  }

  @Test
  void whatLiesInsideACopiedDirectoryOrLoopsBackIsCopiedOnce() throws Exception {
    write("app/kustomization.yaml", "resources: [web.yaml, sub, ./sub/../web.yaml]\n");
    write("app/web.yaml", "kind: Service\n");
    write("app/sub/kustomization.yaml", "resources: [..]\n");
    assertThat(KustomizeFiles.needed(home.resolve("app"))).containsExactly(home.resolve("app"));
  }

  @Test
  void aFolderWithoutAKustomizationIsCopiedAsItIs() throws Exception {
    Files.createDirectories(home.resolve("plain"));
    write("broken/kustomization.yaml", "resources: [unclosed\n");
    assertThat(KustomizeFiles.needed(home.resolve("plain"))).containsExactly(home.resolve("plain"));
    assertThat(KustomizeFiles.needed(home.resolve("broken"))).containsExactly(home.resolve("broken"));
  }
}

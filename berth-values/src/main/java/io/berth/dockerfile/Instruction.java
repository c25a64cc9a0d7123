package io.berth.dockerfile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One typed Dockerfile instruction, with the source range it came from. Every record keeps its
 * arguments raw, as written: the build engine expands them with {@link ShellWordExpander} and the
 * environment of that point of the build. The builder expands variables in ADD, COPY, ENV, EXPOSE,
 * FROM, LABEL, STOPSIGNAL, USER, VOLUME and WORKDIR (and in ONBUILD triggers of those when they
 * run); RUN, CMD and ENTRYPOINT are left to the shell, and exec forms are not expanded at all.
 */
public sealed interface Instruction {

  /** Where the instruction was written. */
  SourceRange range();

  /** The instruction's keyword in upper case, {@code COPY}. */
  default String keyword() {
    return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  /** {@code FROM [--platform=p] image [AS name]}; starts a stage. */
  record From(
      SourceRange range, String image, Optional<String> platform, Optional<String> stageName)
      implements Instruction {
    public From {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(stageName, "stageName");
    }
  }

  /** {@code RUN}: a command in shell or exec form, with its mounts, network and security. */
  record Run(SourceRange range, Command command, RunFlags flags) implements Instruction {}

  /** {@code CMD}: the default command of the image. */
  record Cmd(SourceRange range, Command command) implements Instruction {}

  /** {@code ENTRYPOINT}: the entrypoint of the image. */
  record Entrypoint(SourceRange range, Command command) implements Instruction {}

  /** {@code SHELL ["executable", "parameters"]}: the shell of later shell forms. */
  record Shell(SourceRange range, List<String> shell) implements Instruction {
    public Shell {
      shell = List.copyOf(shell);
    }
  }

  /** {@code LABEL key=value...}; {@code legacyForm} for {@code LABEL key value}. */
  record Label(SourceRange range, List<KeyValue> labels, boolean legacyForm)
      implements Instruction {
    public Label {
      labels = List.copyOf(labels);
    }
  }

  /** {@code MAINTAINER name}, deprecated in favour of a label. */
  record Maintainer(SourceRange range, String name) implements Instruction {}

  /** {@code EXPOSE port[/protocol]...}, raw. */
  record Expose(SourceRange range, List<String> ports) implements Instruction {
    public Expose {
      ports = List.copyOf(ports);
    }
  }

  /** {@code ENV key=value...}; {@code legacyForm} for {@code ENV key value}. */
  record Env(SourceRange range, List<KeyValue> variables, boolean legacyForm)
      implements Instruction {
    public Env {
      variables = List.copyOf(variables);
    }
  }

  /**
   * {@code ADD [flags] src... dest}; a source {@code <<NAME} names one of the heredocs, whose body
   * is the file's content.
   */
  record Add(
      SourceRange range,
      List<String> sources,
      String destination,
      CopyFlags flags,
      List<Heredoc> heredocs,
      boolean jsonForm)
      implements Instruction {
    public Add {
      sources = List.copyOf(sources);
      heredocs = List.copyOf(heredocs);
    }
  }

  /** {@code COPY [flags] src... dest}; heredoc sources as for {@link Add}. */
  record Copy(
      SourceRange range,
      List<String> sources,
      String destination,
      CopyFlags flags,
      List<Heredoc> heredocs,
      boolean jsonForm)
      implements Instruction {
    public Copy {
      sources = List.copyOf(sources);
      heredocs = List.copyOf(heredocs);
    }
  }

  /** {@code VOLUME path...} or its JSON form. */
  record Volume(SourceRange range, List<String> paths) implements Instruction {
    public Volume {
      paths = List.copyOf(paths);
    }
  }

  /** {@code USER user[:group]}. */
  record User(SourceRange range, String user) implements Instruction {}

  /** {@code WORKDIR path}. */
  record Workdir(SourceRange range, String path) implements Instruction {}

  /** {@code ARG name[=default]...}; before the first FROM it is a global ARG. */
  record Arg(SourceRange range, List<ArgDeclaration> declarations) implements Instruction {
    public Arg {
      declarations = List.copyOf(declarations);
    }
  }

  /** {@code ONBUILD instruction}: a trigger run when the image is used as a base. */
  record Onbuild(SourceRange range, Instruction trigger, String expression)
      implements Instruction {}

  /** {@code STOPSIGNAL signal}, raw. */
  record Stopsignal(SourceRange range, String signal) implements Instruction {}

  /** {@code HEALTHCHECK [options] CMD command}, or {@code HEALTHCHECK NONE} (an empty spec). */
  record Healthcheck(SourceRange range, Optional<HealthcheckSpec> spec) implements Instruction {}
}

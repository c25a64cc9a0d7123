# Sourced by berth's scripts: the JDK the build uses (the machine's default java is 17).
JAVA_HOME=${BERTH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PATH="$JAVA_HOME/bin:$PATH"
export JAVA_HOME PATH

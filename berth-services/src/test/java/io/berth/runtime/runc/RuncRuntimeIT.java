package io.berth.runtime.runc;

import io.berth.runtime.CgroupDriver;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.OciRuntimeContract;
import java.nio.file.Path;

/** The runtime contract against the machine's runc. */
class RuncRuntimeIT extends OciRuntimeContract {

  @Override
  protected OciRuntime runtime(Path stateRoot) {
    return new RuncRuntime(Path.of("/usr/sbin/runc"), stateRoot, CgroupDriver.CGROUPFS);
  }
}

// Loaded first by every benchmark page, before any engine: records every WebAssembly
// memory the page creates or instantiates, so the harness can report wasm memory the
// same way for each engine (wasm-bindgen and Emscripten modules export or import theirs).
(() => {
  const memories = new Set();
  const scan = (instance) => {
    for (const value of Object.values(instance?.exports ?? {}))
      if (value instanceof OriginalMemory) memories.add(value);
  };
  const OriginalMemory = WebAssembly.Memory;
  function Memory(descriptor) {
    const memory = new OriginalMemory(descriptor);
    memories.add(memory);
    return memory;
  }
  Memory.prototype = OriginalMemory.prototype;
  WebAssembly.Memory = Memory;

  const OriginalInstance = WebAssembly.Instance;
  function Instance(module, imports) {
    const instance = new OriginalInstance(module, imports);
    scan(instance);
    return instance;
  }
  Instance.prototype = OriginalInstance.prototype;
  WebAssembly.Instance = Instance;

  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) {
    return instantiate.apply(this, args).then((result) => {
      scan(result.instance ?? result);
      return result;
    });
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = function (...args) {
    return instantiateStreaming.apply(this, args).then((result) => {
      scan(result.instance);
      return result;
    });
  };

  self.wasmMemoryBytes = () => {
    let bytes = 0;
    for (const memory of memories) bytes += memory.buffer.byteLength;
    return { bytes, memories: memories.size };
  };
})();

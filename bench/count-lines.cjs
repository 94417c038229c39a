// The Node floor: stream a file with 1 MiB reads and count newlines, nothing else.
const { createReadStream } = require('node:fs');
let n = 0;
createReadStream(process.argv[2], { highWaterMark: 1 << 20 })
  .on('data', (chunk) => { for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++; })
  .on('end', () => console.log(n));

import {main} from './main.js';

main(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
